using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Analytics;

namespace Platform.Tests.Database;

public sealed class DynamoDbAnalyticsStoreTests(TableFixture table) : IClassFixture<TableFixture>
{
    private static int nextDay;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    // Each test counts on a day of its own, since the class shares one table.
    private readonly DateOnly day = new DateOnly(2026, 1, 1).AddDays(Interlocked.Increment(ref nextDay));

    [Fact]
    public async Task GetDailyTotalsAsync_NothingRecorded_ReturnsZeros()
    {
        var totals = await CreateSut().GetDailyTotalsAsync(day, ct);

        Assert.Equal(new DailyOrderTotals(day, 0, 0), totals);
    }

    [Fact]
    public async Task RecordOrderAsync_TwoOrders_AddsBoth()
    {
        var sut = CreateSut();

        await sut.RecordOrderAsync(day, "ord_1", 1_000, ct);
        await sut.RecordOrderAsync(day, "ord_2", 250, ct);

        Assert.Equal(new DailyOrderTotals(day, 2, 1_250), await sut.GetDailyTotalsAsync(day, ct));
    }

    [Fact]
    public async Task RecordOrderAsync_SameOrderTwice_CountsOnce()
    {
        var sut = CreateSut();

        var first = await sut.RecordOrderAsync(day, "ord_1", 1_000, ct);
        var second = await sut.RecordOrderAsync(day, "ord_1", 1_000, ct);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(new DailyOrderTotals(day, 1, 1_000), await sut.GetDailyTotalsAsync(day, ct));
    }

    [Fact]
    public async Task RecordOrderAsync_ConcurrentRedeliveries_CountsEachOrderOnce()
    {
        var sut = CreateSut();
        var orderIds = Enumerable.Range(0, 5).Select(i => $"ord_{i}").ToList();

        var recorded = await Task.WhenAll(orderIds.Concat(orderIds).Concat(orderIds).Select(id => sut.RecordOrderAsync(day, id, 100, ct)));

        Assert.Equal(5, recorded.Count(r => r));
        Assert.Equal(new DailyOrderTotals(day, 5, 500), await sut.GetDailyTotalsAsync(day, ct));
    }

    private DynamoDbAnalyticsStore CreateSut() => new(table.Client, table.TableName);
}
