using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.PaymentProcessed;

/// <summary>On <c>Payment Processed</c>: reserves the order's stock (publishing <c>Inventory Updated</c>) or backorders it.</summary>
public sealed class PaymentProcessedHandler(InventoryService inventory)
{
    public async Task<HandlerOutcome> HandleAsync(EventBridgeEvent evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        var paid = EventReaders.PaymentProcessed(evt.Source, evt.DetailType, evt.Detail);
        var result = await inventory.ReserveForOrderAsync(paid, context.CancellationToken);
        context.Metrics.Count(result == ReservationResult.Reserved ? "OrdersReserved" : "OrdersBackordered");
        context.Logger.Info("Stock reservation finished", new LogField("orderId", paid.OrderId), new LogField("result", result.ToString()));
        return new HandlerOutcome(result.ToString().ToLowerInvariant());
    }
}
