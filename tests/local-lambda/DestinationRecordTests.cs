using System.Text;
using System.Text.Json;
using Platform.Local.Lambda;

namespace Platform.Tests.Local.Lambda;

public sealed class DestinationRecordTests
{
    [Fact]
    public void ToJson_JsonPayloads_EmbedsThemAndFormatsTimestampAsLambda()
    {
        var sut = CreateSut() with
        {
            RequestPayload = Encoding.UTF8.GetBytes("""{"orderId":"o-1"}"""),
            ResponsePayload = Encoding.UTF8.GetBytes("""{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after 3.00 seconds"}"""),
        };

        using var json = JsonDocument.Parse(sut.ToJson());

        Assert.Equal("2026-11-25T10:00:05.568Z", json.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("o-1", json.RootElement.GetProperty("requestPayload").GetProperty("orderId").GetString());
        Assert.Equal("Sandbox.Timedout", json.RootElement.GetProperty("responsePayload").GetProperty("errorType").GetString());
        Assert.Equal("EventAgeExceeded", json.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
    }

    [Fact]
    public void ToJson_PayloadThatIsNotJson_WritesItAsString()
    {
        var sut = CreateSut() with { RequestPayload = Encoding.UTF8.GetBytes("not json") };

        using var json = JsonDocument.Parse(sut.ToJson());

        Assert.Equal("not json", json.RootElement.GetProperty("requestPayload").GetString());
    }

    private static DestinationRecord CreateSut() => new()
    {
        Timestamp = new DateTimeOffset(2026, 11, 25, 10, 0, 5, 568, TimeSpan.Zero),
        RequestId = "req-1",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST",
        Condition = DestinationCondition.EventAgeExceeded,
        ApproximateInvokeCount = 1,
        RequestPayload = Encoding.UTF8.GetBytes("{}"),
        ResponsePayload = Encoding.UTF8.GetBytes("{}"),
    };
}
