namespace Platform.Local.EventBus;

/// <summary>Settings of the local event bus; the defaults suit the runner, tests inject the clock and the delay.</summary>
public sealed class EventBusOptions
{
    /// <summary>The account in event envelopes and ARNs.</summary>
    public string Account { get; init; } = "000000000000";

    public string Region { get; init; } = "us-east-1";

    /// <summary>The event time of entries without <c>Time</c>, and the clock for the maximum event age.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Waits between retries; replace it in tests so that nobody waits.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>Returns a number in [0, 1) for back-off jitter; replace it in tests for determinism.</summary>
    public Func<double>? Jitter { get; init; }

    /// <summary>The first retry waits about this long; each further retry doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many recent events <see cref="EventBusEndpoint.Recent"/> keeps.</summary>
    public int RecentCapacity { get; init; } = 1_000;
}
