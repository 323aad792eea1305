namespace Platform.Local.Lambda;

/// <summary>A snapshot of a function's invocation counters and durations.</summary>
public sealed record FunctionStats
{
    /// <summary>Invocations that reached an instance or were throttled.</summary>
    public long Invocations { get; init; }

    /// <summary>Invocations that failed in the function: errors, exits, init errors, timeouts and oversized responses.</summary>
    public long Errors { get; init; }

    /// <summary>Synchronous invocations refused because every allowed instance was busy.</summary>
    public long Throttles { get; init; }

    /// <summary>Invocations killed at their timeout.</summary>
    public long Timeouts { get; init; }

    /// <summary>Instances whose first invocation was served (one cold start each).</summary>
    public long ColdStarts { get; init; }

    /// <summary>The median invocation duration, or null before the first invocation.</summary>
    public TimeSpan? P50 { get; init; }

    /// <summary>The 99th percentile invocation duration, or null before the first invocation.</summary>
    public TimeSpan? P99 { get; init; }

    /// <summary>The median init duration of cold starts, or null before the first.</summary>
    public TimeSpan? InitP50 { get; init; }
}
