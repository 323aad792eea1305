namespace Platform.Local.Schedules;

/// <summary>Settings of a <see cref="Scheduler"/>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>The region named in the events and rule ARNs.</summary>
    public required string Region { get; init; }

    /// <summary>The account named in the events and rule ARNs.</summary>
    public string Account { get; init; } = "000000000000";

    /// <summary>Compress time for tests (the runner's <c>--fast-schedules</c>): rates and crons fire at the fast periods below.</summary>
    public bool Fast { get; init; }

    /// <summary>With <see cref="Fast"/>, the period of every rate expression, whatever its value.</summary>
    public TimeSpan FastRatePeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>With <see cref="Fast"/>, the period of every cron expression that still has an occurrence ahead.</summary>
    public TimeSpan FastCronPeriod { get; init; } = TimeSpan.FromSeconds(3);
}
