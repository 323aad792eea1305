using Microsoft.Extensions.Logging;

namespace Platform.Local.Lambda.Internal;

/// <summary>Logs a function's throttles at most once a second, with how many there were since the previous line.</summary>
/// <remarks>
/// Under load beyond the reserved concurrency every refused request would otherwise write a line, and writing them costs
/// the runner more than refusing them. Throttles after the last line are reported with the next one.
/// </remarks>
internal sealed class ThrottleLog(ILogger logger, TimeProvider time, string function, int limit)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private long _lastLine;
    private bool _anyLine;
    private int _unreported;

    public void Record()
    {
        int count;
        lock (_lock)
        {
            _unreported++;
            var now = time.GetTimestamp();
            if (_anyLine && time.GetElapsedTime(_lastLine, now) < Interval)
            {
                return;
            }

            count = _unreported;
            _unreported = 0;
            _lastLine = now;
            _anyLine = true;
        }

        Log.Throttled(logger, function, limit, count);
    }
}
