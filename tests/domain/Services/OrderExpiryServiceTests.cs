using Platform.Functions.Shared.Domain.Orders;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class OrderExpiryServiceTests
{
    private static readonly TimeSpan MaximumAge = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryOrderStore _orders = new();

    private OrderExpiryService CreateSut() => new(_orders, _time);

    private Order Seed(int number, OrderStatus status, TimeSpan age)
    {
        var order = A.Order().WithId(TestIds.Order(number)).WithStatus(status).CreatedAt(_time.GetUtcNow() - age).Build();
        _orders.Seed(order);
        return order;
    }

    [Fact]
    public async Task ExpireStaleAsync_MixedOrders_ExpiresOnlyPendingOlderThanCutoff()
    {
        var stale = Seed(1, OrderStatus.Pending, TimeSpan.FromHours(2));
        var fresh = Seed(2, OrderStatus.Pending, TimeSpan.FromMinutes(10));
        var paying = Seed(3, OrderStatus.Paying, TimeSpan.FromHours(3));
        var paid = Seed(4, OrderStatus.Paid, TimeSpan.FromHours(3));
        var sut = CreateSut();

        var expired = await sut.ExpireStaleAsync(MaximumAge, 25, Ct);

        Assert.Equal(1, expired);
        Assert.Equal(OrderStatus.Expired, _orders[stale.Id].Status);
        Assert.Equal(_time.GetUtcNow(), _orders[stale.Id].UpdatedAt);
        Assert.Equal(OrderStatus.Pending, _orders[fresh.Id].Status);
        Assert.Equal(OrderStatus.Paying, _orders[paying.Id].Status);
        Assert.Equal(OrderStatus.Paid, _orders[paid.Id].Status);
    }

    [Fact]
    public async Task ExpireStaleAsync_PaymentStartsAfterListing_LeavesOrderPaying()
    {
        var order = Seed(1, OrderStatus.Pending, TimeSpan.FromHours(2));
        _orders.AfterListPending = () =>
            _orders.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Pending, OrderStatus.Paying, _time.GetUtcNow()), Ct).GetAwaiter().GetResult();
        var sut = CreateSut();

        var expired = await sut.ExpireStaleAsync(MaximumAge, 25, Ct);

        Assert.Equal(0, expired);
        Assert.Equal(OrderStatus.Paying, _orders[order.Id].Status);
    }

    [Fact]
    public async Task ExpireStaleAsync_MoreThanBatch_ExpiresOldestFirst()
    {
        var oldest = Seed(1, OrderStatus.Pending, TimeSpan.FromHours(5));
        var older = Seed(2, OrderStatus.Pending, TimeSpan.FromHours(4));
        var old = Seed(3, OrderStatus.Pending, TimeSpan.FromHours(3));
        var sut = CreateSut();

        var expired = await sut.ExpireStaleAsync(MaximumAge, 2, Ct);

        Assert.Equal(2, expired);
        Assert.Equal(OrderStatus.Expired, _orders[oldest.Id].Status);
        Assert.Equal(OrderStatus.Expired, _orders[older.Id].Status);
        Assert.Equal(OrderStatus.Pending, _orders[old.Id].Status);
    }

    [Fact]
    public async Task ExpireStaleAsync_NothingStale_ExpiresNothing()
    {
        Seed(1, OrderStatus.Pending, TimeSpan.FromMinutes(59));
        var sut = CreateSut();

        var expired = await sut.ExpireStaleAsync(MaximumAge, 25, Ct);

        Assert.Equal(0, expired);
    }
}
