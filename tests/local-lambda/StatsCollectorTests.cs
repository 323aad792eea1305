using Platform.Local.Lambda;
using Platform.Local.Lambda.Internal;

namespace Platform.Tests.Local.Lambda;

public sealed class StatsCollectorTests
{
    [Fact]
    public void Snapshot_HundredDurations_ReportsNearestRankPercentilesAndCounts()
    {
        var sut = new StatsCollector();
        for (var ms = 1; ms <= 100; ms++)
        {
            sut.Record(Result(InvocationStatus.Success, ms, coldStart: ms == 1));
        }

        sut.Record(Result(InvocationStatus.Timeout, 100));
        sut.Record(new InvocationResult { Status = InvocationStatus.Throttled, RequestId = "t" });

        var stats = sut.Snapshot();

        Assert.Equal(102, stats.Invocations);
        Assert.Equal(1, stats.Throttles);
        Assert.Equal(1, stats.Timeouts);
        Assert.Equal(1, stats.Errors);
        Assert.Equal(1, stats.ColdStarts);
        Assert.Equal(TimeSpan.FromMilliseconds(51), stats.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(100), stats.P99);
    }

    [Fact]
    public void Snapshot_NothingRecorded_HasNoPercentiles()
    {
        var stats = new StatsCollector().Snapshot();

        Assert.Null(stats.P50);
        Assert.Null(stats.P99);
    }

    private static InvocationResult Result(InvocationStatus status, int milliseconds, bool coldStart = false) => new()
    {
        Status = status,
        RequestId = Guid.NewGuid().ToString(),
        Duration = TimeSpan.FromMilliseconds(milliseconds),
        InstanceProcessId = 1,
        ColdStart = coldStart,
        InitDuration = coldStart ? TimeSpan.FromMilliseconds(5) : null,
    };
}
