using System.Text.Json;
using Platform.Local.EventBus;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

/// <summary><see cref="EventBusEndpoint.PutEvent"/>: one entry put in process, as the runner's page puts it.</summary>
public sealed class PutEventTests
{
    [Fact]
    public async Task PutEvent_MatchingRule_ReturnsTheEventWithItsRuleAndDeliversIt()
    {
        await using var sut = CreateSut();
        var target = new FakeTarget("arn:aws:lambda:us-east-1:000000000000:function:handler");
        sut.AddRule("platform", "orders-to-handler", """{"source":["platform.orders"],"detail-type":["Order Created"]}""", target);

        var matched = sut.PutEvent("platform", "platform.orders", "Order Created", """{"orderId":"o-1"}""", "Root=1-00000000-000000000000000000000001");

        Assert.Equal(["orders-to-handler"], matched.MatchedRules);
        Assert.Equal("platform", matched.BusName);
        Assert.Equal("Root=1-00000000-000000000000000000000001", matched.TraceHeader);
        Assert.Same(matched, sut.Recent[^1]);
        var (eventJson, delivery) = await target.Delivered;
        Assert.Equal(matched.EventId, delivery.EventId);
        using var envelope = JsonDocument.Parse(eventJson);
        Assert.Equal("o-1", envelope.RootElement.GetProperty("detail").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task PutEvent_NoRuleMatches_AcceptsWithNoRules()
    {
        await using var sut = CreateSut();
        sut.AddRule("platform", "orders-to-handler", """{"source":["platform.orders"]}""", new FakeTarget("arn:aws:lambda:us-east-1:000000000000:function:handler"));

        var matched = sut.PutEvent("platform", "platform.payments", "Payment Failed", "{}");

        Assert.Empty(matched.MatchedRules);
        Assert.Same(matched, sut.Recent[^1]);
    }

    [Theory]
    [InlineData("", "Order Created", """{"a":1}""", "source", "InvalidArgument")]
    [InlineData("platform.orders", "", """{"a":1}""", "detailType", "InvalidArgument")]
    [InlineData("platform.orders", "Order Created", "[1,2]", "detailJson", "MalformedDetail")]
    [InlineData("platform.orders", "Order Created", "not json", "detailJson", "MalformedDetail")]
    public async Task PutEvent_EntryEventBridgeRefuses_ThrowsNamingTheParameterAndError(string source, string detailType, string detail, string parameter, string code)
    {
        await using var sut = CreateSut();

        var exception = Assert.Throws<ArgumentException>(() => sut.PutEvent("platform", source, detailType, detail));

        Assert.Equal(parameter, exception.ParamName);
        Assert.StartsWith(code + ":", exception.Message, StringComparison.Ordinal);
        Assert.Empty(sut.Recent);
    }

    private static EventBusEndpoint CreateSut() => new(new EventBusOptions { Region = "us-east-1" });
}
