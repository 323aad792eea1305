using Platform.Functions.Shared.Domain.Events;

namespace Platform.Functions.Shared.Domain.Analytics;

/// <summary>Records orders in daily counters, once per order.</summary>
public sealed class AnalyticsService(IAnalyticsStore store)
{
    /// <summary>Counts a created order in the UTC day it was created; false when it was counted before.</summary>
    public Task<bool> RecordOrderCreatedAsync(OrderCreatedDetail created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        return store.RecordOrderAsync(DateOnly.FromDateTime(created.CreatedAt.UtcDateTime), created.OrderId, created.TotalCents, cancellationToken);
    }
}
