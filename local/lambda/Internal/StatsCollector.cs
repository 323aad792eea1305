namespace Platform.Local.Lambda.Internal;

/// <summary>Thread-safe counters behind <see cref="FunctionStats"/>.</summary>
internal sealed class StatsCollector
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _durations = [];
    private readonly List<TimeSpan> _initDurations = [];
    private long _invocations;
    private long _errors;
    private long _throttles;
    private long _timeouts;

    public void Record(InvocationResult result)
    {
        lock (_lock)
        {
            _invocations++;
            switch (result.Status)
            {
                case InvocationStatus.Throttled:
                    _throttles++;
                    return;
                case InvocationStatus.Timeout:
                    _timeouts++;
                    _errors++;
                    break;
                case InvocationStatus.Success:
                    break;
                default:
                    if (result.IsFunctionFailure)
                    {
                        _errors++;
                    }

                    break;
            }

            if (result.InstanceProcessId is not null)
            {
                _durations.Add(result.Duration);
            }

            if (result is { ColdStart: true, InitDuration: { } init })
            {
                _initDurations.Add(init);
            }
        }
    }

    public FunctionStats Snapshot()
    {
        lock (_lock)
        {
            return new FunctionStats
            {
                Invocations = _invocations,
                Errors = _errors,
                Throttles = _throttles,
                Timeouts = _timeouts,
                ColdStarts = _initDurations.Count,
                P50 = Percentile(_durations, 0.50),
                P99 = Percentile(_durations, 0.99),
                InitP50 = Percentile(_initDurations, 0.50),
            };
        }
    }

    // Nearest-rank percentile, as CloudWatch's pNN statistics are read.
    private static TimeSpan? Percentile(List<TimeSpan> values, double fraction)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
