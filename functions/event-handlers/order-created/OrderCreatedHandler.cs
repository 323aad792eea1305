using Platform.Functions.Shared.Domain.Analytics;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Notifications;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.OrderCreated;

/// <summary>On <c>Order Created</c>: counts the order in the daily analytics and sends the "order received" e-mail, each once.</summary>
public sealed class OrderCreatedHandler(AnalyticsService analytics, NotificationService notifications)
{
    public async Task<HandlerOutcome> HandleAsync(EventBridgeEvent evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        var created = EventReaders.OrderCreated(evt.Source, evt.DetailType, evt.Detail);
        var counted = await analytics.RecordOrderCreatedAsync(created, context.CancellationToken);
        var sent = await notifications.SendOrderReceivedAsync(created, context.CancellationToken);
        if (sent)
        {
            context.Metrics.Count("EmailsSent");
        }

        context.Logger.Info("Order created handled", new LogField("orderId", created.OrderId), new LogField("counted", counted), new LogField("notified", sent));
        return new HandlerOutcome(sent || counted ? "handled" : "duplicate");
    }
}
