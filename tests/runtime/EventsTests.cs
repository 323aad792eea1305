using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;

namespace Platform.Tests.Runtime;

public sealed class EventsTests
{
    [Fact]
    public void Deserialize_HttpApiRequest_ReadsPayloadFormat2()
    {
        // Act
        var request = JsonSerializer.Deserialize(Load("http-api-request.json"), RuntimeJsonContext.Default.HttpApiRequest)!;

        // Assert
        Assert.Equal("2.0", request.Version);
        Assert.Equal("POST /orders", request.RouteKey);
        Assert.Equal("/orders", request.RawPath);
        Assert.Equal("dryRun=true&tag=a&tag=b", request.RawQueryString);
        Assert.Equal(["session=abc123", "theme=dark"], request.Cookies!);
        Assert.Equal("7f9c2ba4-e88f-4f6b-9d5f-2b7c7f6f0c11", request.GetHeader("Idempotency-Key"));
        Assert.Equal("a,b", request.GetQueryParameter("tag"));
        Assert.Equal("o-123", request.GetPathParameter("orderId"));
        Assert.Equal("dev", request.StageVariables!["environment"]);
        Assert.True(request.IsBase64Encoded);
        var context = request.RequestContext!;
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("r3pmxmplak", context.ApiId);
        Assert.Equal("r3pmxmplak.execute-api.eu-west-1.amazonaws.com", context.DomainName);
        Assert.Equal("r3pmxmplak", context.DomainPrefix);
        Assert.Equal("POST", context.Http!.Method);
        Assert.Equal("/orders", context.Http.Path);
        Assert.Equal("HTTP/1.1", context.Http.Protocol);
        Assert.Equal("205.255.255.176", context.Http.SourceIp);
        Assert.Equal("curl/8.5.0", context.Http.UserAgent);
        Assert.Equal("JKJaXmPLvHcESHA=", context.RequestId);
        Assert.Equal("$default", context.Stage);
        Assert.Equal("25/Nov/2026:10:00:00 +0000", context.Time);
        Assert.Equal(1795600800000, context.TimeEpoch);
        Assert.Equal("user-42", context.Authorizer!.Jwt!.Claims!["sub"]);
        Assert.Equal(["orders/write"], context.Authorizer.Jwt.Scopes!);
    }

    [Fact]
    public void TryRead_RecordedBase64Request_DecodesBody()
    {
        // Arrange
        var request = JsonSerializer.Deserialize(Load("http-api-request.json"), RuntimeJsonContext.Default.HttpApiRequest)!;

        // Act
        var ok = HttpBody.TryRead(request, 1024, out var body, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal("""{"customerId":"c-1","items":[{"sku":"ABC-1","quantity":2}]}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Deserialize_SqsEvent_ReadsRecords()
    {
        // Act
        var sqsEvent = JsonSerializer.Deserialize(Load("sqs-event.json"), RuntimeJsonContext.Default.SqsEvent)!;

        // Assert
        Assert.Equal(2, sqsEvent.Records!.Count);
        var first = sqsEvent.Records[0];
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", first.MessageId);
        Assert.StartsWith("AQEB", first.ReceiptHandle, StringComparison.Ordinal);
        Assert.Equal("""{"orderId":"o-123","amount":25.5}""", first.Body);
        Assert.Equal("1", first.Attributes!["ApproximateReceiveCount"]);
        Assert.Equal("c-789", first.MessageAttributes!["correlationId"].StringValue);
        Assert.Equal("String", first.MessageAttributes["correlationId"].DataType);
        Assert.Equal("e4e68fb7bd0e697a0ae8f1bb342846b3", first.Md5OfBody);
        Assert.Equal("aws:sqs", first.EventSource);
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:payments", first.EventSourceArn);
        Assert.Equal("eu-west-1", first.AwsRegion);
    }

    [Fact]
    public void Serialize_SqsBatchResponse_UsesAwsPropertyNames()
    {
        // Arrange
        var response = new SqsBatchResponse { BatchItemFailures = [new SqsBatchItemFailure { ItemIdentifier = "m2" }] };

        // Act
        var json = JsonSerializer.Serialize(response, RuntimeJsonContext.Default.SqsBatchResponse);

        // Assert
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", json);
    }

    [Fact]
    public void Deserialize_EventBridgeEvent_ReadsEnvelopeAndDetail()
    {
        // Act
        var evt = JsonSerializer.Deserialize(Load("eventbridge-order-created.json"), RuntimeJsonContext.Default.EventBridgeEvent)!;

        // Assert
        Assert.Equal("0", evt.Version);
        Assert.Equal("6a7e8feb-b491-4cf7-a9f1-bf3703467718", evt.Id);
        Assert.Equal("Order Created", evt.DetailType);
        Assert.Equal("platform.orders", evt.Source);
        Assert.Equal("123456789012", evt.Account);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), evt.Time);
        Assert.Equal("eu-west-1", evt.Region);
        Assert.Empty(evt.Resources!);
        Assert.Equal("o-123", evt.Detail.GetProperty("orderId").GetString());
        Assert.False(evt.IsScheduledEvent);
    }

    [Fact]
    public void Deserialize_ScheduledEvent_IsRecognised()
    {
        // Act
        var evt = JsonSerializer.Deserialize(Load("scheduled-event.json"), RuntimeJsonContext.Default.EventBridgeEvent)!;

        // Assert
        Assert.True(evt.IsScheduledEvent);
        Assert.Equal("arn:aws:events:eu-west-1:123456789012:rule/expire-stale-orders", Assert.Single(evt.Resources!));
    }

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "events", name));
}
