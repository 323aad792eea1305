using Platform.Functions.Shared.Domain.Analytics;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class AnalyticsServiceTests
{
    private readonly InMemoryAnalyticsStore _store = new();

    private AnalyticsService CreateSut() => new(_store);

    [Fact]
    public async Task RecordOrderCreatedAsync_NewOrder_CountsInItsUtcDay()
    {
        var createdAt = new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.FromHours(2));
        var order = A.Order().WithLine("WIDGET-1", 2, 1_250).CreatedAt(createdAt).Build();
        var sut = CreateSut();

        var counted = await sut.RecordOrderCreatedAsync(Details.OrderCreated(order), Ct);

        Assert.True(counted);
        Assert.Equal(new DailyOrderTotals(new DateOnly(2026, 11, 25), 1, 2_500), await _store.GetDailyTotalsAsync(new DateOnly(2026, 11, 25), Ct));
        Assert.Equal(0, (await _store.GetDailyTotalsAsync(new DateOnly(2026, 11, 26), Ct)).Orders);
    }

    [Fact]
    public async Task RecordOrderCreatedAsync_Redelivered_CountsOnce()
    {
        var order = A.Order().Build();
        var sut = CreateSut();
        await sut.RecordOrderCreatedAsync(Details.OrderCreated(order), Ct);

        var countedAgain = await sut.RecordOrderCreatedAsync(Details.OrderCreated(order), Ct);

        Assert.False(countedAgain);
        Assert.Equal(1, (await _store.GetDailyTotalsAsync(DateOnly.FromDateTime(order.CreatedAt.UtcDateTime), Ct)).Orders);
    }

    [Fact]
    public async Task RecordOrderCreatedAsync_TwoOrders_AddsBoth()
    {
        var sut = CreateSut();

        await sut.RecordOrderCreatedAsync(Details.OrderCreated(A.Order().WithId(TestIds.Order(1)).WithLine("A-1", 1, 100).Build()), Ct);
        await sut.RecordOrderCreatedAsync(Details.OrderCreated(A.Order().WithId(TestIds.Order(2)).WithLine("A-1", 1, 250).Build()), Ct);

        var totals = await _store.GetDailyTotalsAsync(DateOnly.FromDateTime(FakeTimeProvider.DefaultStart.UtcDateTime), Ct);
        Assert.Equal((2, 350), (totals.Orders, totals.RevenueCents));
    }
}
