using Platform.Infra.Aws;
using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Core;

namespace Platform.Infra.Components;

public sealed record OperationsDashboardArgs
{
    public required string DashboardName { get; init; }
    public required string Region { get; init; }
    public required IReadOnlyList<Output<string>> FunctionNames { get; init; }
    public required IReadOnlyList<Output<string>> DeadLetterQueueNames { get; init; }
    public required Output<string> ApiId { get; init; }
}

/// <summary>One CloudWatch dashboard with what the alarms watch: function errors, throttles and p99 duration, DLQ depth, API 5xx.</summary>
public sealed class OperationsDashboard
{
    public OperationsDashboard(string name, OperationsDashboardArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        List<object> widgets =
        [
            Widget(0, "Function errors", "Sum", [.. args.FunctionNames.Select(f => Metric("AWS/Lambda", "Errors", "FunctionName", f))]),
            Widget(1, "Function throttles", "Sum", [.. args.FunctionNames.Select(f => Metric("AWS/Lambda", "Throttles", "FunctionName", f))]),
            Widget(2, "Function p99 duration (ms)", "p99", [.. args.FunctionNames.Select(f => Metric("AWS/Lambda", "Duration", "FunctionName", f))]),
            Widget(3, "Dead-letter queue depth", "Maximum", [.. args.DeadLetterQueueNames.Select(q => Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q))]),
            Widget(4, "HTTP API 5xx", "Sum", [Metric("AWS/ApiGateway", "5xx", "ApiId", args.ApiId)]),
        ];

        _ = new Dashboard(name, new DashboardArgs
        {
            DashboardName = args.DashboardName,
            DashboardBody = new JsonValue(new SortedDictionary<string, object>(StringComparer.Ordinal) { ["widgets"] = widgets }),
        });

        SortedDictionary<string, object> Widget(int index, string title, string stat, List<object> metrics) => new(StringComparer.Ordinal)
        {
            ["type"] = "metric",
            ["x"] = index % 2 * 12,
            ["y"] = index / 2 * 6,
            ["width"] = 12,
            ["height"] = 6,
            ["properties"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["title"] = title,
                ["region"] = args.Region,
                ["stat"] = stat,
                ["period"] = 300,
                ["view"] = "timeSeries",
                ["metrics"] = metrics,
            },
        };
    }

    private static List<object> Metric(string metricNamespace, string metric, string dimension, Output<string> value) =>
        [metricNamespace, metric, dimension, value];
}
