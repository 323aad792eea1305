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
    private readonly Dictionary<string, RegisteredRule> _rules = new(StringComparer.Ordinal);
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

            var rule = new RegisteredRule(ruleName, expression, callback);
            _rules.Add(ruleName, rule);
            rule.Loop = Task.Run(() => RunAsync(rule, _stopping.Token));
        }
    }

    /// <summary>Fires a rule's callback now, outside its schedule, as the runner's "fire now" control; the schedule itself carries on unchanged.</summary>
    /// <remarks>It waits for a callback of the same rule that is running, so callbacks of one rule still never overlap. A callback that throws throws here.</remarks>
    /// <returns>The event given to the callback, its time now in whole seconds.</returns>
    /// <exception cref="KeyNotFoundException">No rule has that name.</exception>
    public async Task<ScheduledEvent> FireNowAsync(string ruleName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        RegisteredRule? rule;
        CancellationTokenSource linked;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_rules.TryGetValue(ruleName, out rule))
            {
                throw new KeyNotFoundException($"No schedule named '{ruleName}' is registered.");
            }

            // Linked while the scheduler is known not to be disposed, so that its stopping token is still usable.
            linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        }

        var scheduledEvent = NewEvent(ruleName, _timeProvider.GetUtcNow());
        using (linked)
        {
            await rule.Gate.WaitAsync(linked.Token);
            try
            {
                await rule.Callback(scheduledEvent, linked.Token);
            }
            finally
            {
                rule.Gate.Release();
            }
        }

        return scheduledEvent;
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

    private ScheduledEvent NewEvent(string ruleName, DateTimeOffset time) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Time = time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond)),
        Region = _options.Region,
        Account = _options.Account,
        RuleName = ruleName,
    };

    private async Task RunAsync(RegisteredRule rule, CancellationToken stopping)
    {
        var expression = rule.Expression;
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

                var scheduledEvent = NewEvent(rule.Name, due.Value);
                await rule.Gate.WaitAsync(stopping);
                try
                {
                    await rule.Callback(scheduledEvent, stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    CallbackFailed?.Invoke(this, new ScheduleCallbackFailedEventArgs(scheduledEvent, exception));
                }
                finally
                {
                    rule.Gate.Release();
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

    private sealed class RegisteredRule(string name, ScheduleExpression expression, Func<ScheduledEvent, CancellationToken, Task> callback)
    {
        public string Name => name;

        public ScheduleExpression Expression => expression;

        public Func<ScheduledEvent, CancellationToken, Task> Callback => callback;

        // Keeps a rule's callbacks from overlapping when "fire now" meets a scheduled occurrence. Never disposed: it has no
        // wait handle unless one is asked for, and a fire-now being cancelled may still release it.
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Task Loop { get; set; } = Task.CompletedTask;
    }
}
