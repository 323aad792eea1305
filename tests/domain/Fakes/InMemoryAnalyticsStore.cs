using Platform.Functions.Shared.Domain.Analytics;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Daily counters that count each order once.</summary>
internal sealed class InMemoryAnalyticsStore : IAnalyticsStore
{
    private readonly Dictionary<DateOnly, DailyOrderTotals> _days = [];
    private readonly HashSet<string> _counted = new(StringComparer.Ordinal);

    public Task<bool> RecordOrderAsync(DateOnly day, string orderId, long totalCents, CancellationToken cancellationToken)
    {
        if (!_counted.Add(orderId))
        {
            return Task.FromResult(false);
        }

        var totals = _days.GetValueOrDefault(day) ?? new DailyOrderTotals(day, 0, 0);
        _days[day] = totals with { Orders = totals.Orders + 1, RevenueCents = totals.RevenueCents + totalCents };
        return Task.FromResult(true);
    }

    public Task<DailyOrderTotals> GetDailyTotalsAsync(DateOnly day, CancellationToken cancellationToken) =>
        Task.FromResult(_days.GetValueOrDefault(day) ?? new DailyOrderTotals(day, 0, 0));
}
