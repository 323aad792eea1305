namespace Platform.Local.Lambda;

/// <summary>A function's asynchronous invocation settings, as Lambda's FunctionEventInvokeConfig, plus the local retry delays.</summary>
public sealed record EventInvokeConfig
{
    /// <summary>Lambda's retry delays: the first retry after 1 minute, the second after 2.</summary>
    public static IReadOnlyList<TimeSpan> LambdaRetryDelays { get; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    /// <summary>Retries after a function error, 0–2 (Lambda's default 2).</summary>
    public int MaximumRetryAttempts { get; init; } = 2;

    /// <summary>How long an event is kept for retries, 60 s–6 h (Lambda's default 6 h).</summary>
    public TimeSpan MaximumEventAge { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The delay before each retry; the last one repeats. Lambda's are <see cref="LambdaRetryDelays"/>.</summary>
    /// <remarks>Not a Lambda setting: shorten it in tests (the runner's documented option) so a retried event does not take 3 minutes.</remarks>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = LambdaRetryDelays;

    /// <summary>Throws when a value is outside the range Lambda accepts.</summary>
    public void Validate()
    {
        if (MaximumRetryAttempts is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumRetryAttempts), MaximumRetryAttempts, "MaximumRetryAttempts must be between 0 and 2.");
        }

        if (MaximumEventAge < TimeSpan.FromSeconds(60) || MaximumEventAge > TimeSpan.FromSeconds(21600))
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumEventAge), MaximumEventAge, "MaximumEventAgeInSeconds must be between 60 and 21600.");
        }

        if (RetryDelays.Count == 0 || RetryDelays.Any(delay => delay < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelays), "RetryDelays needs at least one non-negative delay.");
        }
    }
}
