using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.ExpireOrders;

/// <summary>On its schedule, expires orders that stayed pending longer than the allowed age.</summary>
public sealed class ExpireOrdersHandler(OrderExpiryService expiry, TimeSpan maximumAge, int batchSize)
{
    public async Task<HandlerOutcome> HandleAsync(EventBridgeEvent evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        if (!evt.IsScheduledEvent)
        {
            throw new ContractViolationException("expire-orders runs on its schedule only (source aws.events, detail-type Scheduled Event).");
        }

        var expired = await expiry.ExpireStaleAsync(maximumAge, batchSize, context.CancellationToken);
        context.Metrics.Count("OrdersExpired", expired);
        context.Logger.Info("Stale orders expired", new LogField("expired", expired));
        return new HandlerOutcome($"expired {expired}");
    }
}
