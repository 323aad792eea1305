using System.Text.Json.Nodes;
using Platform.Functions.Shared.Domain.Common;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

/// <summary>
/// An EventBridge event that breaks its contract makes the handler throw, so the invocation fails and the event goes
/// to the target's retry policy and dead-letter queue with the reason; nothing is written and nothing is sent.
/// </summary>
public sealed class EventHandlerContractTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Theory]
    [InlineData("schemaVersion", "2")]
    [InlineData("orderId", "\"o-123\"")]
    [InlineData("orderId", "null")]
    [InlineData("customerId", "\"c-1\"")]
    [InlineData("currency", "\"EUR\"")]
    [InlineData("totalCents", "-1")]
    [InlineData("totalCents", "\"3000\"")]
    [InlineData("items", "[]")]
    [InlineData("discountCents", "100")]
    public async Task OrderCreated_DetailBreaksContract_ThrowsContractViolationAndSendsNothing(string field, string json)
    {
        var evt = EventBuilder.OrderCreated().WithDetailField(field, JsonNode.Parse(json)).Build();

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => platform.OrderCreatedHandler().HandleAsync(evt, platform.Context()));

        Assert.Contains("Order Created v1", error.Message, StringComparison.Ordinal);
        Assert.Empty(platform.Aws.Emails);
    }

    [Fact]
    public async Task OrderCreated_MissingRequiredField_ThrowsContractViolation()
    {
        var evt = EventBuilder.OrderCreated().WithoutDetailField("createdAt").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.OrderCreatedHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task OrderCreated_WrongSource_ThrowsContractViolation()
    {
        var evt = EventBuilder.OrderCreated().WithSource("attacker.orders").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.OrderCreatedHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task PaymentProcessed_NegativeAmount_ThrowsContractViolationAndReservesNothing()
    {
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        var evt = EventBuilder.PaymentProcessed().WithDetailField("amountCents", -3000).Build();

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => platform.PaymentProcessedHandler().HandleAsync(evt, platform.Context()));

        Assert.Contains("amountCents", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, await platform.StockAsync("WIDGET-1"));
    }

    [Fact]
    public async Task PaymentProcessed_DetailIsNotAnObject_ThrowsContractViolation()
    {
        var evt = EventBuilder.PaymentProcessed().WithDetail(JsonValue.Create("paid")).Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.PaymentProcessedHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task SendConfirmation_PaymentFailedWithUnknownReason_ThrowsContractViolationAndSendsNothing()
    {
        var evt = EventBuilder.PaymentFailed().WithDetailField("reason", "because").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.SendConfirmationHandler().HandleAsync(evt, platform.Context()));

        Assert.Empty(platform.Aws.Emails);
    }

    [Fact]
    public async Task SendConfirmation_EventTypeItDoesNotSubscribeTo_ThrowsContractViolation()
    {
        var evt = EventBuilder.OrderCreated().Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.SendConfirmationHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task SendConfirmation_PaymentProcessedWithoutPaymentId_ThrowsContractViolation()
    {
        var evt = EventBuilder.PaymentProcessed().WithoutDetailField("paymentId").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.SendConfirmationHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task InventoryUpdated_NegativeStock_ThrowsContractViolationAndAlertsNobody()
    {
        var evt = EventBuilder.InventoryUpdated()
            .WithDetailField("items", new JsonArray(new JsonObject { ["sku"] = "WIDGET-1", ["stock"] = -1 }))
            .Build();

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => platform.InventoryUpdatedHandler().HandleAsync(evt, platform.Context()));

        Assert.Contains("items[0].stock", error.Message, StringComparison.Ordinal);
        Assert.Empty(platform.Aws.Emails);
    }

    [Fact]
    public async Task InventoryUpdated_UnknownReason_ThrowsContractViolation()
    {
        var evt = EventBuilder.InventoryUpdated().WithDetailField("reason", "theft").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.InventoryUpdatedHandler().HandleAsync(evt, platform.Context()));
    }

    [Fact]
    public async Task ExpireOrders_EventThatIsNotItsSchedule_ThrowsContractViolation()
    {
        var evt = EventBuilder.OrderCreated().Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => platform.ExpireOrdersHandler(TimeSpan.FromMinutes(30)).HandleAsync(evt, platform.Context()));
    }
}
