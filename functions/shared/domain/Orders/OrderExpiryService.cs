namespace Platform.Functions.Shared.Domain.Orders;

/// <summary>Expires orders that stayed pending (never paid) for longer than allowed.</summary>
public sealed class OrderExpiryService(IOrderStore orders, TimeProvider time)
{
    /// <summary>Moves pending orders older than <paramref name="maximumAge"/> to Expired; returns how many it expired.</summary>
    /// <remarks>Each move is conditional on the order still being pending, so an order whose payment started is never expired.</remarks>
    public async Task<int> ExpireStaleAsync(TimeSpan maximumAge, int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = 0;
        var stale = await orders.ListPendingCreatedBeforeAsync(now - maximumAge, batchSize, cancellationToken);
        foreach (var id in stale)
        {
            if (await orders.TransitionAsync(id, new OrderTransition(OrderStatus.Pending, OrderStatus.Expired, now), cancellationToken))
            {
                expired++;
            }
        }

        return expired;
    }
}
