namespace Platform.Local.Queues;

/// <summary>Settings of a <see cref="QueueService"/>.</summary>
public sealed record QueueServiceOptions
{
    /// <summary>The region that appears in ARNs and events.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Where queues and messages are kept across restarts; null keeps them in memory only.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The clock for visibility, delays, retention and long polling.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
