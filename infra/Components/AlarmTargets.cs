using Platform.Infra.Core;

namespace Platform.Infra.Components;

/// <summary>Where alarms go and when they fire.</summary>
public sealed record AlarmTargets
{
    /// <summary>The SNS topic every alarm notifies (on alarm and on recovery).</summary>
    public required Output<string> TopicArn { get; init; }

    public required int ErrorThreshold { get; init; }
    public required int ThrottleThreshold { get; init; }

    /// <summary>The p99 duration alarm fires above this share of the function's timeout.</summary>
    public required int DurationPercentOfTimeout { get; init; }
}
