using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Payments;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class PaymentServiceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryOrderStore _orders = new();
    private readonly RecordingPaymentProvider _provider = new();
    private readonly RecordingEventPublisher _events = new();

    private PaymentService CreateSut() => new(_orders, _provider, _events, _time);

    private Order Seed(OrderBuilder builder)
    {
        var order = builder.Build();
        _orders.Seed(order);
        return order;
    }

    [Fact]
    public async Task ProcessAsync_ApprovedCard_MarksPaidAndPublishesPaymentProcessed()
    {
        var order = Seed(A.Order().WithLine("WIDGET-1", 2, 1_250));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        var paid = _orders[order.Id];
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.StartsWith("pay_", paid.PaymentId, StringComparison.Ordinal);
        var request = Assert.Single(_provider.Requests);
        Assert.Equal(new ChargeRequest("order-" + order.Id, order.CustomerId, 2_500, "USD", "pm_card_visa"), request);
        var detail = _events.SingleDetail(EventContracts.PaymentProcessed);
        Assert.Equal(order.Id, detail.GetProperty("orderId").GetString());
        Assert.Equal(paid.PaymentId, detail.GetProperty("paymentId").GetString());
        Assert.Equal(2_500, detail.GetProperty("amountCents").GetInt64());
        Assert.Empty(_events.Of(EventContracts.PaymentFailed));
    }

    [Theory]
    [InlineData("pm_card_declined", "card_declined")]
    [InlineData("pm_card_insufficient_funds", "insufficient_funds")]
    public async Task ProcessAsync_DecliningCard_MarksDeclinedAndPublishesPaymentFailed(string paymentMethod, string reason)
    {
        var order = Seed(A.Order().PaidWith(paymentMethod));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Declined, outcome);
        Assert.Equal(OrderStatus.Declined, _orders[order.Id].Status);
        Assert.Null(_orders[order.Id].PaymentId);
        Assert.Equal(0, _provider.ApprovedCharges);
        Assert.Equal(reason, _events.SingleDetail(EventContracts.PaymentFailed).GetProperty("reason").GetString());
        Assert.Empty(_events.Of(EventContracts.PaymentProcessed));
    }

    [Fact]
    public async Task ProcessAsync_AmountAboveProviderLimit_DeclinesAsTooLarge()
    {
        var order = Seed(A.Order().WithLine("GOLD-BAR", 2, PaymentSimulator.MaximumAmountCents));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Declined, outcome);
        Assert.Equal("amount_too_large", _events.SingleDetail(EventContracts.PaymentFailed).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ProcessAsync_RedeliveredAfterSuccess_DoesNotChargeAgainAndRepublishes()
    {
        var order = Seed(A.Order());
        var sut = CreateSut();
        await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        Assert.Single(_provider.Requests);
        Assert.Equal(1, _provider.ApprovedCharges);
        var events = _events.Of(EventContracts.PaymentProcessed);
        Assert.Equal(2, events.Count);
        Assert.Equal(events[0].DetailJson, events[1].DetailJson);
    }

    [Fact]
    public async Task ProcessAsync_RedeliveredAfterDecline_RepublishesPaymentFailedWithoutCharging()
    {
        var order = Seed(A.Order().PaidWith("pm_card_declined"));
        var sut = CreateSut();
        await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Declined, outcome);
        Assert.Single(_provider.Requests);
        Assert.Equal(2, _events.Of(EventContracts.PaymentFailed).Count);
    }

    [Theory]
    [InlineData(OrderStatus.Reserved)]
    [InlineData(OrderStatus.Backordered)]
    public async Task ProcessAsync_OrderPastPayment_RepublishesWithoutCharging(OrderStatus status)
    {
        var order = Seed(A.Order().Charged().WithStatus(status));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        Assert.Empty(_provider.Requests);
        Assert.Equal(order.PaymentId, _events.SingleDetail(EventContracts.PaymentProcessed).GetProperty("paymentId").GetString());
        Assert.Equal(status, _orders[order.Id].Status);
    }

    [Fact]
    public async Task ProcessAsync_ExpiredOrder_SkipsWithoutCharge()
    {
        var order = Seed(A.Order().WithStatus(OrderStatus.Expired));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Skipped, outcome);
        Assert.Empty(_provider.Requests);
        Assert.Empty(_events.Published);
        Assert.Equal(OrderStatus.Expired, _orders[order.Id].Status);
    }

    [Fact]
    public async Task ProcessAsync_OrderExpiresWhileRead_SkipsWithoutCharge()
    {
        var pending = A.Order().Build();
        _orders.Seed(pending with { Status = OrderStatus.Expired });
        var reads = 0;
        _orders.OnGet = (_, stored) => reads++ == 0 ? pending : stored;
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(pending), Ct);

        Assert.Equal(PaymentOutcome.Skipped, outcome);
        Assert.Empty(_provider.Requests);
        Assert.Empty(_events.Published);
    }

    [Fact]
    public async Task ProcessAsync_CrashAfterCharge_RetryReusesIdempotencyKeyAndChargesOnce()
    {
        var order = Seed(A.Order());
        var sut = CreateSut();
        _provider.FailAfterNextCharge = true;
        await Assert.ThrowsAsync<TimeoutException>(() => sut.ProcessAsync(Details.OrderCreated(order), Ct));
        Assert.Equal(OrderStatus.Paying, _orders[order.Id].Status);

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        Assert.Equal(2, _provider.RequestsWithKey("order-" + order.Id));
        Assert.Equal(2, _provider.Requests.Count);
        Assert.Equal(1, _provider.ApprovedCharges);
        Assert.Equal(OrderStatus.Paid, _orders[order.Id].Status);
        Assert.Single(_events.Of(EventContracts.PaymentProcessed));
    }

    [Fact]
    public async Task ProcessAsync_OrderLeftInPaying_ChargesWithOrderIdempotencyKey()
    {
        var order = Seed(A.Order().WithStatus(OrderStatus.Paying));
        var sut = CreateSut();

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        Assert.Equal("order-" + order.Id, Assert.Single(_provider.Requests).IdempotencyKey);
    }

    [Fact]
    public async Task ProcessAsync_PublishFailsAfterCharge_RetryRepublishesWithoutCharging()
    {
        var order = Seed(A.Order());
        var sut = CreateSut();
        _events.FailuresToInject = 1;
        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.ProcessAsync(Details.OrderCreated(order), Ct));

        var outcome = await sut.ProcessAsync(Details.OrderCreated(order), Ct);

        Assert.Equal(PaymentOutcome.Charged, outcome);
        Assert.Single(_provider.Requests);
        Assert.Single(_events.Of(EventContracts.PaymentProcessed));
    }

    [Fact]
    public async Task ProcessAsync_UnknownOrder_Throws()
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ProcessAsync(Details.OrderCreated(A.Order().Build()), Ct));

        Assert.Empty(_provider.Requests);
    }
}
