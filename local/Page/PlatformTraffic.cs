using System.Collections.Concurrent;
using Platform.Local.EventBus;
using Platform.Local.Gateway;
using Platform.Local.Queues;

namespace Platform.Local.Page;

/// <summary>What went along each edge of the architecture since the runner started: per route, rule, queue and schedule.</summary>
/// <remarks>
/// Counted where the traffic happens: the gateway reports each answered request, the bus each matched event and each delivery it
/// gave up on, the queue pollers each settled batch, the scheduler each firing. Nothing is persisted.
/// </remarks>
internal sealed class PlatformTraffic
{
    private readonly ConcurrentDictionary<string, EdgeCounter> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EdgeCounter> _rules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EdgeCounter> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EdgeCounter> _schedules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EdgeCounter> _notifications = new(StringComparer.Ordinal);

    /// <summary>Requests answered through a route key, and how many got a 5xx.</summary>
    public EdgeCount Route(string routeKey) => Get(_routes, routeKey);

    /// <summary>Events a rule matched, and how many it could not deliver to its target (sent to its DLQ).</summary>
    public EdgeCount Rule(string ruleName) => Get(_rules, ruleName);

    /// <summary>Records a queue's poller delivered to its function, and how many the function did not process (returned to the queue).</summary>
    public EdgeCount Queue(string queueName) => Get(_queues, queueName);

    /// <summary>Times a schedule fired (on time or from the page), and how many of those its target refused.</summary>
    public EdgeCount Schedule(string ruleName) => Get(_schedules, ruleName);

    public void OnRequestCompleted(object? sender, GatewayRequestCompleted request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Counter(_routes, request.RouteKey.Value).Add(1, request.StatusCode >= 500 ? 1 : 0);
    }

    public void OnEventMatched(object? sender, MatchedEvent matched)
    {
        ArgumentNullException.ThrowIfNull(matched);
        foreach (var rule in matched.MatchedRules)
        {
            Counter(_rules, rule).Add(1, 0);
        }
    }

    public void OnDeliveryExhausted(object? sender, DeadLetterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Attributes.TryGetValue("RULE_ARN", out var arn))
        {
            // rule/name on the default bus, rule/bus/name on a custom one.
            Counter(_rules, arn[(arn.LastIndexOf('/') + 1)..]).Add(0, 1);
        }
    }

    public void OnBatchCompleted(string queueName, PollResult batch) => Counter(_queues, queueName).Add(batch.Received, batch.Returned);

    /// <summary>Bucket notifications handed to a function (as asynchronous invocations), and how many Lambda refused.</summary>
    public EdgeCount Notification(string functionName) => Get(_notifications, functionName);

    public void OnNotificationDelivered(string functionName, bool accepted) => Counter(_notifications, functionName).Add(1, accepted ? 0 : 1);

    public void OnScheduleFired(string ruleName, bool accepted) => Counter(_schedules, ruleName).Add(1, accepted ? 0 : 1);

    private static EdgeCount Get(ConcurrentDictionary<string, EdgeCounter> counters, string key) =>
        counters.TryGetValue(key, out var counter) ? counter.Read() : default;

    private static EdgeCounter Counter(ConcurrentDictionary<string, EdgeCounter> counters, string key) =>
        counters.GetOrAdd(key, _ => new EdgeCounter());

    private sealed class EdgeCounter
    {
        private long _count;
        private long _failed;

        public void Add(long count, long failed)
        {
            Interlocked.Add(ref _count, count);
            Interlocked.Add(ref _failed, failed);
        }

        public EdgeCount Read() => new(Interlocked.Read(ref _count), Interlocked.Read(ref _failed));
    }
}

/// <summary>Traffic along one edge: how many went along it, and how many of those failed.</summary>
internal readonly record struct EdgeCount(long Count, long Failed);
