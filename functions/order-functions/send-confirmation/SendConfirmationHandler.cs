using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Notifications;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.SendConfirmation;

/// <summary>E-mails the payment outcome once per order: the confirmation on <c>Payment Processed</c>, the decline notice on <c>Payment Failed</c>.</summary>
public sealed class SendConfirmationHandler(NotificationService notifications)
{
    public async Task<HandlerOutcome> HandleAsync(EventBridgeEvent evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        bool sent;
        string orderId;
        if (evt.DetailType == EventContracts.PaymentFailed.DetailType)
        {
            var failed = EventReaders.PaymentFailed(evt.Source, evt.DetailType, evt.Detail);
            (orderId, sent) = (failed.OrderId, await notifications.SendPaymentDeclinedAsync(failed, context.CancellationToken));
        }
        else if (evt.DetailType == EventContracts.PaymentProcessed.DetailType)
        {
            var paid = EventReaders.PaymentProcessed(evt.Source, evt.DetailType, evt.Detail);
            (orderId, sent) = (paid.OrderId, await notifications.SendConfirmationAsync(paid, context.CancellationToken));
        }
        else
        {
            throw new ContractViolationException("send-confirmation accepts Payment Processed and Payment Failed events only.");
        }

        if (sent)
        {
            context.Metrics.Count("EmailsSent");
        }

        context.Logger.Info(sent ? "E-mail sent" : "E-mail already sent", new LogField("orderId", orderId), new LogField("detailType", evt.DetailType));
        return new HandlerOutcome(sent ? "sent" : "duplicate");
    }
}
