using System.Text;
using Platform.Local.EventBus;
using Platform.Local.Lambda;
using Platform.Local.Queues;

namespace Platform.Local.Runner;

/// <summary>A rule target that invokes a function asynchronously, as EventBridge invokes Lambda.</summary>
/// <remarks>Delivery succeeds once Lambda accepted the event; handler failures are Lambda's async retries' business.</remarks>
internal sealed class LambdaEventTarget(AsyncInvoker invoker, string functionArn) : IEventTarget
{
    public string Arn => functionArn;

    public Task DeliverAsync(string eventJson, EventDelivery delivery, CancellationToken cancellationToken)
    {
        var result = invoker.Enqueue(Encoding.UTF8.GetBytes(eventJson), delivery.TraceHeader);
        return result.Accepted
            ? Task.CompletedTask
            : throw new EventTargetException(result.Error?.ErrorType ?? "InternalException", result.Error?.ErrorMessage ?? "Lambda did not accept the event.");
    }
}

/// <summary>A rule target that sends the event to an SQS queue, as EventBridge does.</summary>
/// <remarks>As EventBridge does, the event's trace header becomes the message's <c>AWSTraceHeader</c> system attribute.</remarks>
internal sealed class QueueEventTarget(QueueService queues, string queueName, TraceStore traces, TimeProvider time) : IEventTarget
{
    public string Arn => queues.QueueArn(queueName);

    public Task DeliverAsync(string eventJson, EventDelivery delivery, CancellationToken cancellationToken)
    {
        var sent = queues.Send(queueName, eventJson, awsTraceHeader: delivery.TraceHeader);
        var rule = delivery.RuleArn[(delivery.RuleArn.LastIndexOf('/') + 1)..];
        traces.Add(delivery.TraceHeader, new TraceSpan("queue-send", queueName, time.GetUtcNow(), TimeSpan.Zero, "sent", $"message id {sent.MessageId}, from rule {rule}"));
        return Task.CompletedTask;
    }
}

/// <summary>A dead-letter queue for a rule target: the event with AWS's error attributes.</summary>
internal sealed class QueueDeadLetterSink(QueueService queues, string queueName) : IDeadLetterSink
{
    public string Arn => queues.QueueArn(queueName);

    public Task SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        queues.Send(queueName, message.Body, message.Attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue("String", a.Value), StringComparer.Ordinal));
        return Task.CompletedTask;
    }
}
