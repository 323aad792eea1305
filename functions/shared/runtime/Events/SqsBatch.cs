using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>Processes an SQS batch one message at a time and reports only the failed messages.</summary>
public static class SqsBatch
{
    /// <summary>Runs <paramref name="handleRecord"/> for each message in order; a message whose handler throws is logged and listed in the response.</summary>
    /// <remarks>
    /// Messages not yet started when the invocation's <see cref="LambdaContext.CancellationToken"/> fires are reported as
    /// failures so they are redelivered instead of the whole batch timing out. On a FIFO queue the first failure also
    /// fails every later message, keeping order within the message groups. The handler must be idempotent: SQS delivers
    /// at least once.
    /// </remarks>
    /// <param name="batch">The SQS event.</param>
    /// <param name="handleRecord">Handles one message; throws to fail it.</param>
    /// <param name="context">The invocation context.</param>
    public static async Task<SqsBatchResponse> ProcessAsync(SqsEvent batch, Func<SqsMessage, LambdaContext, Task> handleRecord, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(handleRecord);
        ArgumentNullException.ThrowIfNull(context);

        var records = batch.Records ?? [];
        var failures = new List<SqsBatchItemFailure>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (context.CancellationToken.IsCancellationRequested)
            {
                context.Logger.Warn(
                    "Invocation deadline near; remaining SQS messages returned for retry",
                    new LogField("unprocessed", records.Count - i));
                FailRemaining(records, i, failures);
                break;
            }

            try
            {
                await handleRecord(record, context);
            }
#pragma warning disable CA1031 // Any exception from one message fails that message only; the trigger's retry policy takes over.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                context.Logger.Error(
                    "SQS message failed",
                    exception,
                    new LogField("messageId", record.MessageId),
                    new LogField("receiveCount", ReceiveCount(record)));
                failures.Add(new SqsBatchItemFailure { ItemIdentifier = record.MessageId });
                if (IsFifo(record))
                {
                    FailRemaining(records, i + 1, failures);
                    break;
                }
            }
        }

        if (failures.Count > 0)
        {
            context.Logger.Info(
                "SQS batch processed with failures",
                new LogField("messages", records.Count),
                new LogField("failed", failures.Count));
        }

        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    private static void FailRemaining(IReadOnlyList<SqsMessage> records, int start, List<SqsBatchItemFailure> failures)
    {
        for (var i = start; i < records.Count; i++)
        {
            failures.Add(new SqsBatchItemFailure { ItemIdentifier = records[i].MessageId });
        }
    }

    private static bool IsFifo(SqsMessage record) =>
        record.EventSourceArn?.EndsWith(".fifo", StringComparison.Ordinal) == true
        || record.Attributes?.ContainsKey("MessageGroupId") == true;

    private static string? ReceiveCount(SqsMessage record) =>
        record.Attributes is { } attributes && attributes.TryGetValue("ApproximateReceiveCount", out var count) ? count : null;
}
