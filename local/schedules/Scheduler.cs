namespace Platform.Local.Schedules;

/// <summary>Fires each registered rule's callback at the occurrences of its schedule expression, on an injected clock.</summary>
/// <remarks>
/// Like EventBridge, a schedule does not replay occurrences it missed (a slow callback, a suspended machine): it carries on
/// from the next one. Callbacks of one rule never overlap; give the target its event and return (an asynchronous invoke).
/// </remarks>
public sealed class Scheduler : IAsyncDisposable
{
    // Task.Delay takes at most ~49 days; longer waits (a yearly cron) are made of steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly SchedulerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (ScheduleExpression Expression, Task Loop)> _rules = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a scheduler with no rules.</summary>
    public Scheduler(SchedulerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Raised, on the scheduler's thread, when a callback throws.</summary>
    public event EventHandler<ScheduleCallbackFailedEventArgs>? CallbackFailed;

    /// <summary>The registered rules and their expressions.</summary>
    public IReadOnlyDictionary<string, ScheduleExpression> Rules
    {
        get
        {
            lock (_lock)
            {
                return _rules.ToDictionary(rule => rule.Key, rule => rule.Value.Expression, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Registers a rule; its first occurrence is the first one after now (for a rate, one period from now).</summary>
    /// <exception cref="ArgumentException">A rule of that name is already registered.</exception>
    public void Add(string ruleName, ScheduleExpression expression, Func<ScheduledEvent, CancellationToken, Task> callback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_rules.ContainsKey(ruleName))
            {
                throw new ArgumentException($"A schedule named '{ruleName}' is already registered.", nameof(ruleName));
            }

            var loop = Task.Run(() => RunAsync(ruleName, expression, callback, _stopping.Token));
            _rules.Add(ruleName, (expression, loop));
        }
    }

    /// <summary>Stops every schedule and waits for running callbacks to return.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loops = [.. _rules.Values.Select(rule => rule.Loop)];
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(loops);
        _stopping.Dispose();
    }

    private async Task RunAsync(
        string ruleName, ScheduleExpression expression, Func<ScheduledEvent, CancellationToken, Task> callback, CancellationToken stopping)
    {
        var anchor = _timeProvider.GetUtcNow();
        try
        {
            while (true)
            {
                var due = NextDue(expression, anchor);
                if (due is null)
                {
                    return;
                }

                for (var wait = due.Value - _timeProvider.GetUtcNow(); wait > TimeSpan.Zero; wait = due.Value - _timeProvider.GetUtcNow())
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, _timeProvider, stopping);
                }

                var scheduledEvent = new ScheduledEvent
                {
                    Id = Guid.NewGuid().ToString(),
                    Time = due.Value.AddTicks(-(due.Value.Ticks % TimeSpan.TicksPerSecond)),
                    Region = _options.Region,
                    Account = _options.Account,
                    RuleName = ruleName,
                };
                try
                {
                    await callback(scheduledEvent, stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    CallbackFailed?.Invoke(this, new ScheduleCallbackFailedEventArgs(scheduledEvent, exception));
                }

                var now = _timeProvider.GetUtcNow();
                anchor = NextDue(expression, due.Value) < now ? now : due.Value;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the schedule ends.
        }
    }

    private DateTimeOffset? NextDue(ScheduleExpression expression, DateTimeOffset after)
    {
        if (!_options.Fast)
        {
            return expression.NextOccurrence(after);
        }

        return expression switch
        {
            RateSchedule => after + _options.FastRatePeriod,
            _ when expression.NextOccurrence(_timeProvider.GetUtcNow()) is null => null,
            _ => after + _options.FastCronPeriod,
        };
    }
}
