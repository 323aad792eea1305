using Microsoft.Extensions.Logging;
using Platform.Local.Lambda.Internal;

namespace Platform.Tests.Local.Lambda;

public sealed class ThrottleLogTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingLogger _logger = new();

    private ThrottleLog CreateSut() => new(_logger, _clock, "get-user", 5);

    [Fact]
    public void Record_ManyThrottlesWithinASecond_WritesOneLineThenOneSummaryWithTheCount()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Record();
        for (var i = 0; i < 99; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(5));
            sut.Record();
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        sut.Record();

        // Assert
        Assert.Equal(
        [
            "get-user throttled: 5 instances busy (1 requests refused since the last report)",
            "get-user throttled: 5 instances busy (100 requests refused since the last report)",
        ],
            _logger.Lines);
    }

    [Fact]
    public void Record_ThrottlesSecondsApart_WritesEachOne()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Record();
        _clock.Advance(TimeSpan.FromSeconds(3));
        sut.Record();

        // Assert
        Assert.Equal(2, _logger.Lines.Count);
        Assert.All(_logger.Lines, line => Assert.EndsWith("(1 requests refused since the last report)", line, StringComparison.Ordinal));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
