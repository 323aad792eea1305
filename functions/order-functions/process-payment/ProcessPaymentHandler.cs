using Platform.Functions.Shared.Domain.Payments;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.ProcessPayment;

/// <summary>Consumes the payments queue (<c>Order Created</c> events routed by a rule): charges each order once.</summary>
/// <remarks>Only failed records are reported, so SQS re-delivers just those and, past the redrive limit, moves them to the DLQ.</remarks>
public sealed class ProcessPaymentHandler(PaymentService payments)
{
    public Task<SqsBatchResponse> HandleAsync(SqsEvent batch, LambdaContext context) =>
        SqsBatch.ProcessAsync(batch, ProcessRecordAsync, context);

    private async Task ProcessRecordAsync(SqsMessage message, LambdaContext context)
    {
        var envelope = EventEnvelopes.FromSqsBody(message.Body);
        var created = EventReaders.OrderCreated(envelope.Source, envelope.DetailType, envelope.Detail);
        var outcome = await payments.ProcessAsync(created, context.CancellationToken);
        context.Metrics.Count(outcome switch
        {
            PaymentOutcome.Charged => "PaymentsCharged",
            PaymentOutcome.Declined => "PaymentsDeclined",
            _ => "PaymentsSkipped",
        });
        context.Logger.Info("Payment processed", new LogField("orderId", created.OrderId), new LogField("outcome", outcome.ToString()));
    }
}
