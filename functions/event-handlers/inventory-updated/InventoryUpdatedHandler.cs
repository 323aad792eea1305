using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.InventoryUpdated;

/// <summary>On <c>Inventory Updated</c>: alerts operations when a SKU falls below the low-stock threshold, once per crossing.</summary>
public sealed class InventoryUpdatedHandler(StockAlertService alerts)
{
    public async Task<HandlerOutcome> HandleAsync(EventBridgeEvent evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        var update = EventReaders.InventoryUpdated(evt.Source, evt.DetailType, evt.Detail);
        var alerted = await alerts.HandleAsync(update, context.CancellationToken);
        if (alerted.Count > 0)
        {
            context.Metrics.Count("LowStockAlerts", alerted.Count);
            context.Logger.Warn("Low-stock alert sent", new LogField("skus", string.Join(',', alerted)));
        }

        return new HandlerOutcome(alerted.Count > 0 ? $"alerted {string.Join(',', alerted)}" : "no alert");
    }
}
