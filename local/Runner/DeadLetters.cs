using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Local.Lambda;
using Platform.Local.Queues;

namespace Platform.Local.Runner;

/// <summary>What fills a dead-letter queue, which decides what its messages mean and where redrive sends them.</summary>
internal enum DeadLetterKind
{
    /// <summary>An SQS queue's redrive DLQ (maxReceiveCount): messages go back to the queue they came from.</summary>
    QueueRedrive,

    /// <summary>An EventBridge rule target's DLQ: the event is delivered to the rule's target again.</summary>
    RuleTarget,

    /// <summary>A function's asynchronous on-failure destination: the original event is invoked again.</summary>
    OnFailure,
}

/// <summary>One message of a dead-letter queue, with why it is there.</summary>
internal sealed record DeadLetter(string MessageId, DateTimeOffset SentAt, string Reason, string Body);

/// <summary>A dead-letter queue with its messages.</summary>
internal sealed record DeadLetterQueueView(string Name, DeadLetterKind Kind, string Source, IReadOnlyList<DeadLetter> Messages);

/// <summary>The platform's dead-letter queues: listing them with reasons, and redriving messages to where they failed.</summary>
/// <remarks>
/// SQS's own redrive moves messages back to their source queue; the runner does the same for the payments queue's DLQ. For an
/// EventBridge target DLQ and a Lambda on-failure destination, AWS has no one-step redrive; the runner re-delivers the event to
/// the rule's target (or re-invokes the function asynchronously) so that a fixed handler processes it, and removes the message.
/// </remarks>
internal sealed class DeadLetters(QueueService queues)
{
    private readonly Dictionary<string, Registration> _queues = new(StringComparer.Ordinal);

    private sealed record Registration(DeadLetterKind Kind, string Source, Func<string, EnqueueResult>? Redeliver);

    /// <summary>The redrive DLQ of <paramref name="sourceQueue"/>.</summary>
    public void AddQueueRedrive(string name, string sourceQueue) =>
        _queues[name] = new Registration(DeadLetterKind.QueueRedrive, "queue " + sourceQueue, null);

    /// <summary>The DLQ of a rule's target; <paramref name="redeliver"/> hands an event to that target again.</summary>
    public void AddRuleTarget(string name, string ruleName, string targetDescription, Func<string, EnqueueResult> redeliver) =>
        _queues[name] = new Registration(DeadLetterKind.RuleTarget, $"rule {ruleName} → {targetDescription}", redeliver);

    /// <summary>A function's on-failure destination; <paramref name="invoke"/> invokes the function asynchronously with a payload.</summary>
    public void AddOnFailure(string name, string functionName, Func<string, EnqueueResult> invoke) =>
        _queues[name] = new Registration(DeadLetterKind.OnFailure, "function " + functionName + " (async)", invoke);

    /// <summary>Whether <paramref name="name"/> is one of the platform's dead-letter queues.</summary>
    public bool Contains(string name) => _queues.ContainsKey(name);

    /// <summary>Every dead-letter queue, by name, with its messages.</summary>
    public IReadOnlyList<DeadLetterQueueView> List() =>
    [
        .. _queues.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => new DeadLetterQueueView(
            entry.Key,
            entry.Value.Kind,
            entry.Value.Source,
            [.. queues.PeekMessages(entry.Key).Select(message => new DeadLetter(message.MessageId, message.SentTimestamp, Reason(entry.Value.Kind, message), message.Body))])),
    ];

    /// <summary>Sends messages of <paramref name="name"/> back to where they failed; null <paramref name="messageIds"/> redrives them all.</summary>
    /// <returns>How many messages were redriven.</returns>
    /// <exception cref="KeyNotFoundException">No dead-letter queue has that name.</exception>
    public int Redrive(string name, IReadOnlyCollection<string>? messageIds)
    {
        if (!_queues.TryGetValue(name, out var registration))
        {
            throw new KeyNotFoundException($"'{name}' is not a dead-letter queue of this platform; `dlq list` shows them.");
        }

        if (registration.Kind == DeadLetterKind.QueueRedrive)
        {
            return queues.MoveMessages(name, messageIds: messageIds);
        }

        var redriven = 0;
        foreach (var message in queues.RemoveMessages(name, messageIds))
        {
            var payload = registration.Kind == DeadLetterKind.OnFailure ? RequestPayload(message.Body) : message.Body;
            var result = payload is null ? null : registration.Redeliver!(payload);
            if (result is { Accepted: true })
            {
                redriven++;
            }
            else
            {
                // Not accepted (or not a record we can read): it stays a dead letter rather than being lost.
                queues.Send(name, message.Body, message.MessageAttributes);
            }
        }

        return redriven;
    }

    private static string Reason(DeadLetterKind kind, QueueMessage message)
    {
        switch (kind)
        {
            case DeadLetterKind.QueueRedrive:
                return message.DeadLetterQueueSourceArn is { } source
                    ? $"received too often (maxReceiveCount) in {source[(source.LastIndexOf(':') + 1)..]}"
                    : "moved here by the queue's redrive policy";
            case DeadLetterKind.RuleTarget:
                var code = message.MessageAttributes.TryGetValue("ERROR_CODE", out var c) ? c.StringValue : null;
                var text = message.MessageAttributes.TryGetValue("ERROR_MESSAGE", out var m) ? m.StringValue : null;
                var retries = message.MessageAttributes.TryGetValue("RETRY_ATTEMPTS", out var r) ? r.StringValue : null;
                return string.Join("; ", new[] { code, text, retries is null ? null : "retry attempts " + retries }.Where(part => !string.IsNullOrEmpty(part)));
            default:
                return OnFailureReason(message.Body);
        }
    }

    private static string OnFailureReason(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var condition = root.TryGetProperty("requestContext", out var context) && context.TryGetProperty("condition", out var value) ? value.GetString() : null;
            var attempts = context.ValueKind == JsonValueKind.Object && context.TryGetProperty("approximateInvokeCount", out var count) ? count.GetInt32() : 0;
            string? error = null;
            if (root.TryGetProperty("responsePayload", out var response) && response.ValueKind == JsonValueKind.Object)
            {
                var type = response.TryGetProperty("errorType", out var t) ? t.GetString() : null;
                var message = response.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
                error = string.Join(": ", new[] { type, message }.Where(part => !string.IsNullOrEmpty(part)));
            }

            return string.Join("; ", new[] { condition, error, attempts > 0 ? string.Create(CultureInfo.InvariantCulture, $"{attempts} attempts") : null }.Where(part => !string.IsNullOrEmpty(part)));
        }
        catch (JsonException)
        {
            return "not an invocation record";
        }
    }

    private static string? RequestPayload(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("requestPayload", out var payload) ? payload.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An accepted result for targets that cannot refuse (a queue).</summary>
    public static EnqueueResult Accepted() => new(true, Guid.NewGuid().ToString(), null);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
