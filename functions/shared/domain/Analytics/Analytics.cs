namespace Platform.Functions.Shared.Domain.Analytics;

/// <summary>Daily order counters.</summary>
public sealed record DailyOrderTotals(DateOnly Day, long Orders, long RevenueCents);

/// <summary>Persistence of analytics counters; counting an order is idempotent per order.</summary>
public interface IAnalyticsStore
{
    /// <summary>Adds the order to its day's counters unless it was counted before; false when it was.</summary>
    Task<bool> RecordOrderAsync(DateOnly day, string orderId, long totalCents, CancellationToken cancellationToken);

    /// <summary>The counters of a day (zeros when nothing was recorded).</summary>
    Task<DailyOrderTotals> GetDailyTotalsAsync(DateOnly day, CancellationToken cancellationToken);
}
