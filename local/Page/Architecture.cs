using System.Globalization;
using Platform.Infra.Definition;

namespace Platform.Local.Page;

/// <summary>A box of the architecture view: a route, schedule, rule, queue or function of the platform definition.</summary>
/// <param name="Id">Unique in the view: <c>kind:name</c>.</param>
/// <param name="Kind"><c>route</c>, <c>schedule</c>, <c>rule</c>, <c>queue</c>, <c>bucket</c>, <c>function</c>, or <c>other</c> for a trigger the page does not know yet.</param>
/// <param name="Label">The name shown.</param>
/// <param name="Detail">One line under it: authorization, expression, detail types, sizing.</param>
internal sealed record ArchitectureNode(string Id, string Kind, string Label, string Detail);

/// <summary>An arrow of the architecture view, with what its traffic counts mean.</summary>
/// <param name="Id">Unique in the view: <c>from→to</c>.</param>
/// <param name="Kind">Whose counter it reads: <c>route</c>, <c>rule</c>, <c>queue</c>, <c>schedule</c>, <c>notification</c> (keyed by the function), or <c>other</c> (not counted).</param>
/// <param name="Key">The route key, rule, queue or schedule name the counter is kept under.</param>
/// <param name="From">The source node's id.</param>
/// <param name="To">The target node's id.</param>
/// <param name="CountLabel">What the count is (requests, matched, records, fired).</param>
/// <param name="FailedLabel">What the failures are (5xx, dead-lettered, failed, refused).</param>
internal sealed record ArchitectureEdge(string Id, string Kind, string Key, string From, string To, string CountLabel, string FailedLabel);

/// <summary>The platform as boxes and arrows, drawn from the same definition the runner and the infrastructure program use.</summary>
internal sealed record Architecture(IReadOnlyList<ArchitectureNode> Nodes, IReadOnlyList<ArchitectureEdge> Edges)
{
    /// <summary>Routes, schedules and rules into functions, rules into queues, queues into their consumers.</summary>
    public static Architecture From(PlatformModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var nodes = new List<ArchitectureNode>();
        var edges = new List<ArchitectureEdge>();
        void Edge(string kind, string key, string from, string to, string count, string failed) =>
            edges.Add(new ArchitectureEdge(from + "→" + to, kind, key, from, to, count, failed));

        foreach (var function in model.Functions)
        {
            var target = "function:" + function.Name;
            foreach (var trigger in function.Triggers)
            {
                switch (trigger)
                {
                    case HttpRoute route:
                        nodes.Add(new ArchitectureNode("route:" + route.RouteKey, "route", route.RouteKey, route.Authorization == RouteAuthorization.Jwt ? "JWT" : "public"));
                        Edge("route", route.RouteKey, "route:" + route.RouteKey, target, "requests", "5xx");
                        break;
                    case ScheduleTrigger schedule:
                        nodes.Add(new ArchitectureNode("schedule:" + schedule.RuleName, "schedule", schedule.RuleName, schedule.Expression));
                        Edge("schedule", schedule.RuleName, "schedule:" + schedule.RuleName, target, "fired", "refused");
                        break;
                    case EventSubscription subscription:
                        nodes.Add(RuleNode(subscription));
                        Edge("rule", subscription.RuleName, "rule:" + subscription.RuleName, target, "matched", "dead-lettered");
                        break;
                    case QueueTrigger:
                        // Drawn from the queue's definition below, with the rule that feeds it.
                        break;
                    case StorageTrigger storage:
                        var bucket = "bucket:" + storage.Bucket;
                        nodes.Add(new ArchitectureNode(bucket, "bucket", storage.Bucket, "S3 bucket (locally " + Runner.LocalPlatform.BucketName(storage.Bucket) + ")"));
                        Edge("notification", function.Name, bucket, target, $"{storage.Prefix}* {string.Join(", ", storage.Events)}", "refused");
                        break;
                    default:
                        // A kind of trigger this page does not know yet: shown, but nothing counts its traffic.
                        var id = "other:" + function.Name + ":" + trigger.GetType().Name;
                        nodes.Add(new ArchitectureNode(id, "other", trigger.GetType().Name, trigger.ToString()));
                        Edge("other", id, id, target, "not counted", "not counted");
                        break;
                }
            }
        }

        foreach (var queue in model.Queues)
        {
            var id = "queue:" + queue.Name;
            nodes.Add(RuleNode(queue.FedBy));
            nodes.Add(new ArchitectureNode(id, "queue", queue.Name, string.Create(CultureInfo.InvariantCulture, $"to {queue.Name}-dlq after {queue.MaxReceiveCount} receives")));
            Edge("rule", queue.FedBy.RuleName, "rule:" + queue.FedBy.RuleName, id, "matched", "dead-lettered");
            Edge("queue", queue.Name, id, "function:" + queue.Consumer, "records", "failed");
        }

        foreach (var function in model.Functions)
        {
            nodes.Add(new ArchitectureNode("function:" + function.Name, "function", function.Name, FunctionDetail(function)));
        }

        return new Architecture([.. nodes.DistinctBy(node => node.Id)], edges);
    }

    /// <summary>The current traffic of an edge; null for an edge nothing counts.</summary>
    public static EdgeCount? Traffic(ArchitectureEdge edge, PlatformTraffic traffic)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(traffic);
        return edge.Kind switch
        {
            "route" => traffic.Route(edge.Key),
            "rule" => traffic.Rule(edge.Key),
            "queue" => traffic.Queue(edge.Key),
            "schedule" => traffic.Schedule(edge.Key),
            "notification" => traffic.Notification(edge.Key),
            _ => null,
        };
    }

    private static ArchitectureNode RuleNode(EventSubscription subscription) =>
        new("rule:" + subscription.RuleName, "rule", subscription.RuleName, $"{string.Join(", ", subscription.Pattern.DetailType)} from {string.Join(", ", subscription.Pattern.Source)}");

    private static string FunctionDetail(FunctionDefinition function)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{function.MemorySize} MB, {function.TimeoutSeconds} s") };
        if (function.Access.PutsEvents)
        {
            parts.Add("publishes events");
        }

        if (function.Access.SendsEmail)
        {
            parts.Add("sends e-mail");
        }

        return string.Join(", ", parts);
    }
}
