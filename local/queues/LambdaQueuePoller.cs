using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Local.Queues.Internal;

namespace Platform.Local.Queues;

/// <summary>Lambda's SQS event source poller: receives batches, invokes the function with the SQS event, deletes what succeeded.</summary>
/// <remarks>
/// The invoker returns the function's response JSON, or null (or throws) when the invocation failed; a failed invocation
/// leaves the whole batch to reappear after the visibility timeout. With <see cref="EventSourceMapping.ReportBatchItemFailures"/>,
/// only the records listed in <c>batchItemFailures</c> stay; an invalid response or an unknown item identifier fails the
/// whole batch, as Lambda does.
/// </remarks>
public sealed class LambdaQueuePoller
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);
    private const int MaxReceive = 10;

    private readonly QueueService _queues;
    private readonly EventSourceMapping _mapping;
    private readonly Func<QueueBatch, CancellationToken, Task<string?>> _invoke;
    private readonly TimeProvider _time;

    /// <summary>Creates a poller for one mapping whose invoker takes the SQS event JSON; <paramref name="time"/> must be the queue service's clock.</summary>
    public LambdaQueuePoller(QueueService queues, EventSourceMapping mapping, Func<string, CancellationToken, Task<string?>> invoke, TimeProvider? time = null)
        : this(queues, mapping, Adapt(invoke), time)
    {
    }

    /// <summary>Creates a poller for one mapping whose invoker takes the whole batch (event JSON, trace header, messages); <paramref name="time"/> must be the queue service's clock.</summary>
    public LambdaQueuePoller(QueueService queues, EventSourceMapping mapping, Func<QueueBatch, CancellationToken, Task<string?>> invoke, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(invoke);
        if (mapping.BatchSize is < 1 or > 10_000 || (mapping.BatchSize > MaxReceive && mapping.MaximumBatchingWindow < TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException("BatchSize must be 1 to 10, or up to 10,000 with a MaximumBatchingWindow of at least 1 second.", nameof(mapping));
        }

        if (mapping.MaximumBatchingWindow < TimeSpan.Zero || mapping.MaximumBatchingWindow > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException("MaximumBatchingWindow must be between 0 and 300 seconds.", nameof(mapping));
        }

        _queues = queues;
        _mapping = mapping;
        _invoke = invoke;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised after each batch has been settled, with how many records it had and how many failed.</summary>
    public event EventHandler<PollResult>? BatchCompleted;

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(LongPoll, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Receives one batch (waiting up to <paramref name="wait"/> for the first record), invokes the function once and settles the batch.</summary>
    public async Task<PollResult> PollOnceAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var batch = await GatherAsync(wait, cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return default;
        }

        string? response;
        try
        {
            // As Lambda does for a batch, the invocation continues the trace of the first record that has one.
            var traceHeader = batch.Select(message => message.AwsTraceHeader).FirstOrDefault(header => header is not null);
            response = await _invoke(new QueueBatch(SqsEvent(batch), traceHeader, batch), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            response = null;
        }

        var succeeded = response is null ? [] : Succeeded(batch, response);
        foreach (var message in succeeded)
        {
            _queues.Delete(_mapping.QueueName, message.ReceiptHandle!);
        }

        var result = new PollResult(batch.Count, succeeded.Count, batch.Count - succeeded.Count);
        BatchCompleted?.Invoke(this, result);
        return result;
    }

    private static Func<QueueBatch, CancellationToken, Task<string?>> Adapt(Func<string, CancellationToken, Task<string?>> invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return (batch, cancellationToken) => invoke(batch.EventJson, cancellationToken);
    }

    private async Task<List<QueueMessage>> GatherAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var batch = new List<QueueMessage>(await ReceiveAsync(_mapping.BatchSize, wait, cancellationToken).ConfigureAwait(false));
        if (batch.Count == 0)
        {
            return batch;
        }

        var closesAt = _time.GetUtcNow() + _mapping.MaximumBatchingWindow;
        while (batch.Count < _mapping.BatchSize)
        {
            var remaining = closesAt - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            batch.AddRange(await ReceiveAsync(_mapping.BatchSize - batch.Count, remaining < LongPoll ? remaining : LongPoll, cancellationToken).ConfigureAwait(false));
        }

        return batch;
    }

    private async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        var options = new ReceiveOptions { MaxNumberOfMessages = Math.Min(count, MaxReceive), WaitTime = wait };
        var first = await _queues.ReceiveAsync(_mapping.QueueName, options, cancellationToken).ConfigureAwait(false);
        if (first.Count == 0 || first.Count >= count)
        {
            return first;
        }

        // Drain what is already visible without waiting, so a batch is as full as the queue allows.
        var result = new List<QueueMessage>(first);
        while (result.Count < count)
        {
            var more = await _queues.ReceiveAsync(_mapping.QueueName, options with { MaxNumberOfMessages = Math.Min(count - result.Count, MaxReceive), WaitTime = TimeSpan.Zero }, cancellationToken).ConfigureAwait(false);
            if (more.Count == 0)
            {
                break;
            }

            result.AddRange(more);
        }

        return result;
    }

    private List<QueueMessage> Succeeded(List<QueueMessage> batch, string response)
    {
        if (!_mapping.ReportBatchItemFailures)
        {
            return batch;
        }

        if (string.IsNullOrWhiteSpace(response))
        {
            return batch;
        }

        try
        {
            using var document = JsonDocument.Parse(response);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return batch;
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("batchItemFailures", out var failures)
                || failures.ValueKind == JsonValueKind.Null)
            {
                return root.ValueKind == JsonValueKind.Object ? batch : [];
            }

            if (failures.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var failed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var failure in failures.EnumerateArray())
            {
                if (failure.ValueKind != JsonValueKind.Object
                    || !failure.TryGetProperty("itemIdentifier", out var identifier)
                    || identifier.ValueKind != JsonValueKind.String
                    || identifier.GetString() is not { Length: > 0 } id
                    || !batch.Any(message => message.MessageId == id))
                {
                    return [];
                }

                failed.Add(id);
            }

            return [.. batch.Where(message => !failed.Contains(message.MessageId))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private string SqsEvent(List<QueueMessage> batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var arn = _queues.QueueArn(_mapping.QueueName);
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            foreach (var message in batch)
            {
                writer.WriteStartObject();
                writer.WriteString("messageId", message.MessageId);
                writer.WriteString("receiptHandle", message.ReceiptHandle);
                writer.WriteString("body", message.Body);
                writer.WriteStartObject("attributes");
                foreach (var (name, value) in MessageSystemAttributes.Of(message))
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("messageAttributes");
                foreach (var (name, value) in message.MessageAttributes)
                {
                    writer.WriteStartObject(name);
                    if (value.StringValue is not null)
                    {
                        writer.WriteString("stringValue", value.StringValue);
                    }

                    if (value.BinaryValue is not null)
                    {
                        writer.WriteBase64String("binaryValue", value.BinaryValue);
                    }

                    writer.WriteStartArray("stringListValues");
                    writer.WriteEndArray();
                    writer.WriteStartArray("binaryListValues");
                    writer.WriteEndArray();
                    writer.WriteString("dataType", value.DataType);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteString("md5OfBody", message.Md5OfBody);
                writer.WriteString("eventSource", "aws:sqs");
                writer.WriteString("eventSourceARN", arn);
                writer.WriteString("awsRegion", _queues.Region);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
