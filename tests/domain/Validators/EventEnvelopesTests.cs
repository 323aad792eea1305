using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Validators;

namespace Platform.Tests.Domain.Validators;

public sealed class EventEnvelopesTests
{
    private static string EnvelopeJson() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", "eventbridge-order-created.json"));

    [Fact]
    public void FromSqsBody_EventBridgeEvent_ReturnsEnvelopeWhoseDetailReads()
    {
        var envelope = EventEnvelopes.FromSqsBody(EnvelopeJson());

        Assert.Equal(("platform.orders", "Order Created"), (envelope.Source, envelope.DetailType));
        var detail = EventReaders.OrderCreated(envelope.Source, envelope.DetailType, envelope.Detail);
        Assert.Equal("ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a", detail.OrderId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"source\":\"platform.orders\",")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"source\":\"platform.orders\",\"detail\":{}}")]
    [InlineData("{\"detail-type\":\"Order Created\",\"detail\":{}}")]
    [InlineData("{\"source\":42,\"detail-type\":\"Order Created\"}")]
    public void FromSqsBody_NotAnEventBridgeEvent_ThrowsContractViolation(string? body)
    {
        var ex = Assert.Throws<ContractViolationException>(() => EventEnvelopes.FromSqsBody(body));

        Assert.Contains("EventBridge event", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSqsBody_InvalidJsonWithPersonalData_DoesNotEchoIt()
    {
        const string Body = "{\"email\":\"zoe@example.com\" oops";

        var ex = Assert.Throws<ContractViolationException>(() => EventEnvelopes.FromSqsBody(Body));

        Assert.DoesNotContain("zoe@example.com", ex.Message, StringComparison.Ordinal);
    }
}
