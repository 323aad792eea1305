using Platform.Infra.Core;

namespace Platform.Infra.Aws.CloudWatch;

public sealed record LogGroupArgs : ResourceArgs
{
    public required int RetentionInDays { get; init; }
}

/// <summary><c>aws:cloudwatch:LogGroup</c>.</summary>
public sealed class LogGroup(string name, LogGroupArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:LogGroup", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
}

public sealed record EventBusArgs : ResourceArgs
{
    public string? Description { get; init; }
}

/// <summary><c>aws:cloudwatch:EventBus</c>: the platform's custom bus.</summary>
public sealed class EventBus(string name, EventBusArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:EventBus", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
}

public sealed record EventRuleArgs : ResourceArgs
{
    public string? Description { get; init; }

    /// <summary>The bus; null for the default bus (the only one that takes schedules).</summary>
    public Input<string>? EventBusName { get; init; }

    public JsonValue? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
}

/// <summary><c>aws:cloudwatch:EventRule</c>.</summary>
public sealed class EventRule(string name, EventRuleArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:EventRule", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
}

public sealed record EventTargetRetryPolicyArgs
{
    public required int MaximumEventAgeInSeconds { get; init; }
    public required int MaximumRetryAttempts { get; init; }
}

public sealed record EventTargetDeadLetterConfigArgs
{
    public required Input<string> Arn { get; init; }
}

public sealed record EventTargetArgs : ResourceArgs
{
    public required Input<string> Rule { get; init; }
    public Input<string>? EventBusName { get; init; }
    public required Input<string> Arn { get; init; }
    public required EventTargetRetryPolicyArgs RetryPolicy { get; init; }
    public required EventTargetDeadLetterConfigArgs DeadLetterConfig { get; init; }
}

/// <summary><c>aws:cloudwatch:EventTarget</c>.</summary>
public sealed class EventTarget(string name, EventTargetArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:EventTarget", name, args, options);

public sealed record MetricAlarmArgs : ResourceArgs
{
    public required string AlarmDescription { get; init; }
    public required string Namespace { get; init; }
    public required string MetricName { get; init; }
    public required IReadOnlyDictionary<string, Input<string>> Dimensions { get; init; }
    public string? Statistic { get; init; }
    public string? ExtendedStatistic { get; init; }
    public int Period { get; init; } = 300;
    public int EvaluationPeriods { get; init; } = 1;
    public required double Threshold { get; init; }
    public required string ComparisonOperator { get; init; }
    public string TreatMissingData { get; init; } = "notBreaching";
    public required IReadOnlyList<Input<string>> AlarmActions { get; init; }
    public required IReadOnlyList<Input<string>> OkActions { get; init; }
}

/// <summary><c>aws:cloudwatch:MetricAlarm</c>.</summary>
public sealed class MetricAlarm(string name, MetricAlarmArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:MetricAlarm", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
}

public sealed record DashboardArgs : ResourceArgs
{
    public required string DashboardName { get; init; }
    public required JsonValue DashboardBody { get; init; }
}

/// <summary><c>aws:cloudwatch:Dashboard</c>.</summary>
public sealed class Dashboard(string name, DashboardArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:cloudwatch:Dashboard", name, args, options);
