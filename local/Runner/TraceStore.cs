using System.Globalization;
using System.Text.Json;
using Platform.Local.EventBus;
using Platform.Local.Gateway;
using Platform.Local.Lambda;

namespace Platform.Local.Runner;

/// <summary>One step of a trace: a request, an invocation, an event, a queue message, a mail or a dead letter.</summary>
/// <param name="Kind"><c>request</c>, <c>invocation</c>, <c>event</c>, <c>queue-send</c>, <c>queue-receive</c>, <c>email</c> or <c>dead-letter</c>.</param>
/// <param name="Name">The route key, function, detail type or queue.</param>
/// <param name="Start">When the step began.</param>
/// <param name="Duration">How long it took (zero for instants such as an accepted event).</param>
/// <param name="Outcome">For example <c>201</c>, <c>Success</c>, <c>FunctionError</c>, <c>accepted</c>.</param>
/// <param name="Detail">Ids and facts worth reading: request id, cold start, rules matched, message ids.</param>
internal sealed record TraceSpan(string Kind, string Name, DateTimeOffset Start, TimeSpan Duration, string Outcome, string Detail);

/// <summary>A trace as recorded: its X-Ray trace id, the orders it touched and its steps in order of start.</summary>
internal sealed record TraceView(string TraceId, IReadOnlyList<string> OrderIds, IReadOnlyList<TraceSpan> Spans);

/// <summary>The runner's traces: every step the platform takes, grouped by the X-Ray trace id that AWS propagates through it.</summary>
/// <remarks>
/// In memory only, bounded: the <see cref="DefaultCapacity"/> traces that had a step most recently, with at most
/// <see cref="MaxSpansPerTrace"/> steps each; the one quiet longest is forgotten first, with its order ids. Fed by the gateway, the function hosts, the bus, the queue targets
/// and pollers, the SES endpoint and the dead-letter paths.
/// </remarks>
internal sealed class TraceStore(TimeProvider time, int capacity = TraceStore.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;
    public const int MaxSpansPerTrace = 500;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Trace> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _age = new();
    private readonly Dictionary<string, string> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _events = new(StringComparer.Ordinal);

    /// <summary>How many traces are kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _traces.Count;
            }
        }
    }

    /// <summary>Records a step under the trace of <paramref name="traceHeader"/>; a missing or malformed header records nothing.</summary>
    public void Add(string? traceHeader, TraceSpan span)
    {
        if (TraceHeader.Root(traceHeader) is not { } root)
        {
            return;
        }

        lock (_lock)
        {
            var trace = TraceOf(root);
            if (trace.Spans.Count < MaxSpansPerTrace)
            {
                trace.Spans.Add(span);
            }
        }
    }

    /// <summary>Remembers that an order belongs to the trace of <paramref name="traceHeader"/> (its first trace wins).</summary>
    public void LinkOrder(string orderId, string? traceHeader)
    {
        if (TraceHeader.Root(traceHeader) is not { } root)
        {
            return;
        }

        lock (_lock)
        {
            var trace = TraceOf(root);
            if (_orders.TryAdd(orderId, root))
            {
                trace.OrderIds.Add(orderId);
            }
        }
    }

    /// <summary>The trace header of an invocation request id recorded earlier, or null.</summary>
    public string? TraceOfRequest(string requestId)
    {
        lock (_lock)
        {
            return _requests.TryGetValue(requestId, out var root) ? "Root=" + root : null;
        }
    }

    /// <summary>The trace with this id (<c>1-…</c>, or a whole <c>Root=1-…;…</c> header), or the trace of this order id; null when unknown.</summary>
    public TraceView? Find(string traceIdOrOrderId)
    {
        var root = TraceHeader.IsTraceId(traceIdOrOrderId) ? traceIdOrOrderId.ToLowerInvariant() : TraceHeader.Root(traceIdOrOrderId);
        lock (_lock)
        {
            if (root is null && !_orders.TryGetValue(traceIdOrOrderId, out root))
            {
                return null;
            }

            return _traces.TryGetValue(root, out var trace)
                ? new TraceView(root, [.. trace.OrderIds], [.. trace.Spans.OrderBy(span => span.Start)])
                : null;
        }
    }

    public void OnRequestCompleted(object? sender, GatewayRequestCompleted request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Add(request.TraceId, new TraceSpan("request", request.RouteKey.Value, request.StartedAt, request.Duration, request.StatusCode.ToString(CultureInfo.InvariantCulture), "request id " + request.RequestId));
    }

    public void OnInvocationCompleted(object? sender, FunctionInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var result = invocation.Result;
        var detail = $"request id {result.RequestId}, {(invocation.Type == InvocationType.Event ? "async" : "sync")}";
        if (result.ColdStart)
        {
            detail += result.InitDuration is { } init ? string.Create(CultureInfo.InvariantCulture, $", cold start (init {init.TotalMilliseconds:F0} ms)") : ", cold start";
        }

        if (result.Error is { } error && result.Status != InvocationStatus.Success)
        {
            detail += $", {error.ErrorType}: {error.ErrorMessage}";
        }

        if (TraceHeader.Root(result.TraceId) is { } root)
        {
            lock (_lock)
            {
                _requests[result.RequestId] = root;
                TraceOf(root).RequestIds.Add(result.RequestId);
            }
        }

        // Duration is the function's own; the wait for an instance (cold start, async queue) comes before it.
        var start = invocation.StartedAt;
        Add(result.TraceId, new TraceSpan("invocation", invocation.FunctionName, start, result.Duration + (result.InitDuration ?? TimeSpan.Zero), result.Status.ToString(), detail));
    }

    public void OnEventMatched(object? sender, MatchedEvent matched)
    {
        ArgumentNullException.ThrowIfNull(matched);
        if (matched.TraceHeader is null)
        {
            return;
        }

        if (TraceHeader.Root(matched.TraceHeader) is { } root)
        {
            lock (_lock)
            {
                _events[matched.EventId] = root;
                TraceOf(root).EventIds.Add(matched.EventId);
            }
        }

        var rules = matched.MatchedRules.Count == 0 ? "matched no rule" : "rules " + string.Join(", ", matched.MatchedRules);
        Add(matched.TraceHeader, new TraceSpan("event", matched.DetailType, matched.ReceivedAt, TimeSpan.Zero, "accepted", $"{matched.Source}, id {matched.EventId}, {rules}"));
        if (OrderIdOf(matched.EventJson) is { } orderId)
        {
            LinkOrder(orderId, matched.TraceHeader);
        }
    }

    /// <summary>An event a rule could not deliver, under the trace of the event it carries.</summary>
    public void OnDeliveryExhausted(object? sender, DeadLetterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? eventId;
        try
        {
            using var document = JsonDocument.Parse(message.Body);
            eventId = document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return;
        }

        string? root;
        lock (_lock)
        {
            if (eventId is null || !_events.TryGetValue(eventId, out root))
            {
                return;
            }
        }

        var attribute = (string name) => message.Attributes.TryGetValue(name, out var value) ? value : "?";
        var rule = attribute("RULE_ARN");
        Add("Root=" + root, new TraceSpan(
            "dead-letter",
            rule[(rule.LastIndexOf('/') + 1)..],
            time.GetUtcNow(),
            TimeSpan.Zero,
            attribute("ERROR_CODE"),
            $"event {eventId} not delivered to {attribute("TARGET_ARN")} after {attribute("RETRY_ATTEMPTS")} retries: {attribute("ERROR_MESSAGE")}"));
    }

    /// <summary>A queue message received too often, moved to its dead-letter queue, under the trace it was sent with.</summary>
    public void OnMessageDeadLettered(object? sender, Platform.Local.Queues.DeadLetteredMessage moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        Add(moved.Message.AwsTraceHeader, new TraceSpan(
            "dead-letter",
            moved.DeadLetterQueue,
            time.GetUtcNow(),
            TimeSpan.Zero,
            "MaxReceiveCount",
            string.Create(CultureInfo.InvariantCulture, $"message id {moved.Message.MessageId} from queue {moved.SourceQueue} after {moved.Message.ApproximateReceiveCount} receives")));
    }

    private static string? OrderIdOf(string eventJson)
    {
        try
        {
            using var document = JsonDocument.Parse(eventJson);
            return document.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("orderId", out var orderId)
                && orderId.ValueKind == JsonValueKind.String
                ? orderId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Trace TraceOf(string root)
    {
        if (_traces.TryGetValue(root, out var trace))
        {
            // A trace still growing stays: the one forgotten first is the one that has been quiet longest.
            _age.Remove(trace.Age);
            _age.AddLast(trace.Age);
            return trace;
        }

        while (_traces.Count >= capacity && _age.First is { } oldest)
        {
            _age.RemoveFirst();
            if (_traces.Remove(oldest.Value, out var forgotten))
            {
                foreach (var orderId in forgotten.OrderIds)
                {
                    _orders.Remove(orderId);
                }

                foreach (var requestId in forgotten.RequestIds)
                {
                    _requests.Remove(requestId);
                }

                foreach (var eventId in forgotten.EventIds)
                {
                    _events.Remove(eventId);
                }
            }
        }

        trace = new Trace(_age.AddLast(root));
        _traces[root] = trace;
        return trace;
    }

    private sealed class Trace(LinkedListNode<string> age)
    {
        public LinkedListNode<string> Age => age;

        public List<TraceSpan> Spans { get; } = [];

        public List<string> OrderIds { get; } = [];

        public List<string> RequestIds { get; } = [];

        public List<string> EventIds { get; } = [];
    }
}
