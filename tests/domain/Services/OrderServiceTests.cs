using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class OrderServiceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryOrderStore _orders = new();
    private readonly InMemoryProductStore _products = new();
    private readonly InMemoryUserStore _users = new();
    private readonly RecordingEventPublisher _events = new();
    private readonly InMemoryIdempotencyStore _idempotency;

    public OrderServiceTests()
    {
        _idempotency = new InMemoryIdempotencyStore(_time);
        _users.Seed(A.User().WithId(TestIds.User(1)).Build(), A.User().WithId(TestIds.User(2)).WithEmail("ann@example.com").Build());
        _products.Seed(
            A.Product().WithSku("WIDGET-1").WithPrice(1_250).Build(),
            A.Product().WithSku("GADGET-7").WithPrice(999).Build());
    }

    private OrderService CreateSut() => new(_orders, _products, _users, _idempotency, _events, new RandomIdGenerator(_time), _time);

    [Fact]
    public async Task PlaceAsync_ValidRequest_CreatesPendingOrderPricedFromProducts()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 2).WithItem("GADGET-7", 1).Build();

        var result = await sut.PlaceAsync(request, null, Ct);

        Assert.Equal(PlaceOrderOutcome.Created, result.Outcome);
        var order = Assert.IsType<Order>(result.Order);
        Assert.Matches(Patterns.OrderId(), order.Id);
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal([new OrderLine("WIDGET-1", 2, 1_250), new OrderLine("GADGET-7", 1, 999)], order.Lines);
        Assert.Equal(3_499, order.TotalCents);
        Assert.Equal("USD", order.Currency);
        Assert.Equal(_time.GetUtcNow(), order.CreatedAt);
        Assert.Same(order, _orders[order.Id]);
    }

    [Fact]
    public async Task PlaceAsync_ProductPriceChanged_UsesCurrentRecordPrice()
    {
        _products.Seed(A.Product().WithSku("WIDGET-1").WithPrice(4_000).Build());
        var sut = CreateSut();

        var result = await sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 3).Build(), null, Ct);

        Assert.Equal(4_000, Assert.Single(result.Order!.Lines).UnitPriceCents);
        Assert.Equal(12_000, result.Order.TotalCents);
    }

    [Fact]
    public async Task PlaceAsync_UnknownCustomer_RejectsWithCustomerIdProblem()
    {
        var sut = CreateSut();

        var result = await sut.PlaceAsync(A.PlaceOrder().ForCustomer(TestIds.User(99)).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Rejected, result.Outcome);
        Assert.Null(result.Order);
        Assert.Equal(["customerId"], result.Problems.Select(p => p.Field));
        Assert.Empty(_orders.All);
        Assert.Empty(_events.Published);
        Assert.Empty(_idempotency.All);
    }

    [Fact]
    public async Task PlaceAsync_UnknownSkus_RejectsWithItemPaths()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 1).WithItem("NOPE-1", 1).WithItem("GADGET-7", 1).WithItem("NOPE-2", 4).Build();

        var result = await sut.PlaceAsync(request, null, Ct);

        Assert.Equal(PlaceOrderOutcome.Rejected, result.Outcome);
        Assert.Equal(["items[1].sku", "items[3].sku"], result.Problems.Select(p => p.Field));
        Assert.Empty(_orders.All);
        Assert.Empty(_events.Published);
    }

    [Fact]
    public async Task PlaceAsync_UnknownCustomerAndSku_ReportsBoth()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().ForCustomer(TestIds.User(99)).WithItem("NOPE-1", 1).Build();

        var result = await sut.PlaceAsync(request, null, Ct);

        Assert.Equal(["customerId", "items[0].sku"], result.Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task PlaceAsync_SameKeySameBody_ReplaysFirstOrder()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 2).Build();
        var first = await sut.PlaceAsync(request, "key-1", Ct);

        var second = await sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 2).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Created, first.Outcome);
        Assert.Equal(PlaceOrderOutcome.Replayed, second.Outcome);
        Assert.Equal(first.Order, second.Order);
        Assert.Single(_orders.All);
        Assert.Single(_events.Published);
    }

    [Fact]
    public async Task PlaceAsync_SameKeyDifferentBody_ReturnsIdempotencyKeyReused()
    {
        var sut = CreateSut();
        await sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 2).Build(), "key-1", Ct);

        var result = await sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 3).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.IdempotencyKeyReused, result.Outcome);
        Assert.Null(result.Order);
        Assert.Single(_orders.All);
        Assert.Single(_events.Published);
    }

    [Fact]
    public async Task PlaceAsync_SameKeyDifferentBodyAfterFailedAttempt_ReturnsIdempotencyKeyReused()
    {
        var sut = CreateSut();
        _events.FailuresToInject = 1;
        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 2).Build(), "key-1", Ct));

        var result = await sut.PlaceAsync(A.PlaceOrder().WithItem("GADGET-7", 2).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.IdempotencyKeyReused, result.Outcome);
        Assert.Single(_orders.All);
        Assert.Empty(_events.Published);
    }

    [Fact]
    public async Task PlaceAsync_PublishFailsThenRetried_CreatesOneOrderAndPublishesOnRetry()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 2).Build();
        _events.FailuresToInject = 1;
        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.PlaceAsync(request, "key-1", Ct));
        var stored = Assert.Single(_orders.All);

        var retry = await sut.PlaceAsync(request, "key-1", Ct);
        var replay = await sut.PlaceAsync(request, "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Created, retry.Outcome);
        Assert.Equal(stored, retry.Order);
        Assert.Equal(PlaceOrderOutcome.Replayed, replay.Outcome);
        Assert.Equal(stored, replay.Order);
        Assert.Single(_orders.All);
        Assert.Equal(stored.Id, _events.SingleDetail(EventContracts.OrderCreated).GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task PlaceAsync_PriceChangedBeforeRetry_KeepsFirstAttemptsOrder()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 1).Build();
        _events.FailuresToInject = 1;
        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.PlaceAsync(request, "key-1", Ct));
        _products.Seed(A.Product().WithSku("WIDGET-1").WithPrice(9_999).Build());

        var retry = await sut.PlaceAsync(request, "key-1", Ct);

        Assert.Equal(1_250, retry.Order!.TotalCents);
        Assert.Equal(1_250, _events.SingleDetail(EventContracts.OrderCreated).GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task PlaceAsync_WithoutKeyTwice_CreatesTwoOrders()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().WithItem("WIDGET-1", 2).Build();

        var first = await sut.PlaceAsync(request, null, Ct);
        var second = await sut.PlaceAsync(request, null, Ct);

        Assert.NotEqual(first.Order!.Id, second.Order!.Id);
        Assert.Equal(2, _orders.All.Count);
        Assert.Equal(2, _events.Of(EventContracts.OrderCreated).Count);
    }

    [Fact]
    public async Task PlaceAsync_SameKeyFromTwoCustomers_CreatesTwoOrders()
    {
        var sut = CreateSut();

        var first = await sut.PlaceAsync(A.PlaceOrder().ForCustomer(TestIds.User(1)).Build(), "key-1", Ct);
        var second = await sut.PlaceAsync(A.PlaceOrder().ForCustomer(TestIds.User(2)).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Created, first.Outcome);
        Assert.Equal(PlaceOrderOutcome.Created, second.Outcome);
        Assert.Equal(2, _orders.All.Count);
    }

    [Fact]
    public async Task PlaceAsync_SameKeyAfterIdempotencyWindow_CreatesNewOrder()
    {
        var sut = CreateSut();
        var request = A.PlaceOrder().Build();
        var first = await sut.PlaceAsync(request, "key-1", Ct);
        _time.Advance(OrderService.IdempotencyWindow + TimeSpan.FromMinutes(1));

        var second = await sut.PlaceAsync(request, "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Created, second.Outcome);
        Assert.NotEqual(first.Order!.Id, second.Order!.Id);
    }

    [Fact]
    public async Task PlaceAsync_RejectedThenCorrectedWithSameKey_CreatesOrder()
    {
        var sut = CreateSut();
        var rejected = await sut.PlaceAsync(A.PlaceOrder().WithItem("NEW-1", 1).Build(), "key-1", Ct);
        _products.Seed(A.Product().WithSku("NEW-1").Build());

        var accepted = await sut.PlaceAsync(A.PlaceOrder().WithItem("NEW-1", 1).Build(), "key-1", Ct);

        Assert.Equal(PlaceOrderOutcome.Rejected, rejected.Outcome);
        Assert.Equal(PlaceOrderOutcome.Created, accepted.Outcome);
    }

    [Fact]
    public async Task PlaceAsync_Created_PublishesOrderCreatedMatchingOrder()
    {
        var sut = CreateSut();

        var order = (await sut.PlaceAsync(A.PlaceOrder().WithItem("WIDGET-1", 2).WithItem("GADGET-7", 1).Build(), null, Ct)).Order!;

        var outgoing = Assert.Single(_events.Published);
        Assert.Equal(EventContracts.OrderCreated, outgoing.Contract);
        using var json = JsonDocument.Parse(outgoing.DetailJson);
        var detail = EventReaders.OrderCreated(outgoing.Contract.Source, outgoing.Contract.DetailType, json.RootElement);
        Assert.Equal(1, detail.SchemaVersion);
        Assert.Equal(order.Id, detail.OrderId);
        Assert.Equal(order.CustomerId, detail.CustomerId);
        Assert.Equal(order.Lines.Select(l => (l.Sku, l.Quantity, l.UnitPriceCents)), detail.Items.Select(i => (i.Sku, i.Quantity, i.UnitPriceCents)));
        Assert.Equal(order.TotalCents, detail.TotalCents);
        Assert.Equal(order.Currency, detail.Currency);
        Assert.Equal(order.CreatedAt, detail.CreatedAt);
    }
}
