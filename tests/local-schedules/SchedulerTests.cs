using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Platform.Local.Schedules;
using Platform.Tests.Local.Schedules.Support;

namespace Platform.Tests.Local.Schedules;

public sealed class SchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 58, 30, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly Channel<ScheduledEvent> _fired = Channel.CreateUnbounded<ScheduledEvent>();

    [Fact]
    public async Task Add_RateExpression_FiresOncePerPeriodFromRegistration()
    {
        await using var sut = CreateSut();
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(5 minutes)"), Record);

        var first = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(5));
        var second = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(Start.AddMinutes(5), first.Time);
        Assert.Equal(Start.AddMinutes(10), second.Time);
    }

    [Fact]
    public async Task Add_CronExpression_FiresAtEachOccurrence()
    {
        await using var sut = CreateSut();
        sut.Add("daily-report", ScheduleExpression.Parse("cron(0 10 * * ? *)"), Record);

        var first = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(2));
        var second = await AdvanceUntilFiredAsync(TimeSpan.FromDays(1));

        Assert.Equal(Utc("2026-11-25T10:00:00Z"), first.Time);
        Assert.Equal(Utc("2026-11-26T10:00:00Z"), second.Time);
    }

    [Fact]
    public async Task Add_CronOccurrenceDaysAway_FiresOnceAtThatTime()
    {
        await using var sut = CreateSut();
        sut.Add("monthly", ScheduleExpression.Parse("cron(0 8 1 * ? *)"), Record);

        var fired = await AdvanceUntilFiredAsync(TimeSpan.FromDays(6).Add(TimeSpan.FromHours(1)));

        Assert.Equal(Utc("2026-12-01T08:00:00Z"), fired.Time);
        Assert.False(_fired.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Add_Fired_DeliversScheduledEventShape()
    {
        await using var sut = CreateSut();
        sut.Add("daily-report", ScheduleExpression.Parse("cron(0 10 * * ? *)"), Record);

        var fired = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(2));

        using var json = JsonDocument.Parse(fired.ToJson());
        var root = json.RootElement;
        Assert.Equal(
            ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
            root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("0", root.GetProperty("version").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("Scheduled Event", root.GetProperty("detail-type").GetString());
        Assert.Equal("aws.events", root.GetProperty("source").GetString());
        Assert.Equal("000000000000", root.GetProperty("account").GetString());
        Assert.Equal("2026-11-25T10:00:00Z", root.GetProperty("time").GetString());
        Assert.Equal("eu-west-1", root.GetProperty("region").GetString());
        Assert.Equal(
            ["arn:aws:events:eu-west-1:000000000000:rule/daily-report"],
            root.GetProperty("resources").EnumerateArray().Select(resource => resource.GetString()));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("detail").ValueKind);
        Assert.Empty(root.GetProperty("detail").EnumerateObject());
    }

    [Fact]
    public async Task Add_RateWithSecondsInStart_EventTimeHasWholeSeconds()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(750));
        await using var sut = CreateSut();
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(1 minute)"), Record);

        var fired = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Utc("2026-11-25T09:59:30Z"), fired.Time);
        Assert.Contains("\"time\":\"2026-11-25T09:59:30Z\"", fired.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_FastRate_FiresEverySecondWhateverThePeriod()
    {
        await using var sut = CreateSut(fast: true);
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(1 day)"), Record);

        var first = await AdvanceUntilFiredAsync(TimeSpan.FromSeconds(1));
        var second = await AdvanceUntilFiredAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(Start.AddSeconds(1), first.Time);
        Assert.Equal(Start.AddSeconds(2), second.Time);
    }

    [Fact]
    public async Task Add_FastCron_FiresEveryFewSeconds()
    {
        await using var sut = CreateSut(fast: true);
        sut.Add("monthly", ScheduleExpression.Parse("cron(0 8 1 * ? *)"), Record);

        var first = await AdvanceUntilFiredAsync(TimeSpan.FromSeconds(3));
        var second = await AdvanceUntilFiredAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(Start.AddSeconds(3), first.Time);
        Assert.Equal(Start.AddSeconds(6), second.Time);
    }

    [Fact]
    public async Task Add_CallbackThrows_RaisesCallbackFailedAndKeepsFiring()
    {
        await using var sut = CreateSut();
        var failures = Channel.CreateUnbounded<ScheduleCallbackFailedEventArgs>();
        sut.CallbackFailed += (_, failure) => failures.Writer.TryWrite(failure);
        var calls = 0;
        sut.Add("flaky", ScheduleExpression.Parse("rate(1 minute)"), async (scheduledEvent, cancellationToken) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("target unavailable");
            }

            await Record(scheduledEvent, cancellationToken);
        });

        await _clock.WaitForTimersAsync(1, Deadlines.Deadline);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var failure = await failures.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within();
        var next = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("target unavailable", failure.Exception.Message);
        Assert.Equal("flaky", failure.Event.RuleName);
        Assert.Equal(Start.AddMinutes(2), next.Time);
    }

    [Fact]
    public async Task Add_DuplicateRuleName_Throws()
    {
        await using var sut = CreateSut();
        sut.Add("daily-report", ScheduleExpression.Parse("cron(0 10 * * ? *)"), Record);

        var exception = Assert.Throws<ArgumentException>(() => sut.Add("daily-report", ScheduleExpression.Parse("rate(1 hour)"), Record));

        Assert.Contains("daily-report", exception.Message, StringComparison.Ordinal);
        Assert.Equal(["daily-report"], sut.Rules.Keys);
    }

    [Fact]
    public async Task DisposeAsync_WaitingSchedules_StopsThem()
    {
        var sut = CreateSut();
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(1 minute)"), Record);
        await _clock.WaitForTimersAsync(1, Deadlines.Deadline);

        await sut.DisposeAsync().AsTask().Within();
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_fired.Reader.TryRead(out _));
        Assert.Throws<ObjectDisposedException>(() => sut.Add("late", ScheduleExpression.Parse("rate(1 minute)"), Record));
    }

    [Fact]
    public async Task FireNowAsync_RegisteredRule_FiresAtOnceAndLeavesTheScheduleAsItWas()
    {
        await using var sut = CreateSut();
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(5 minutes)"), Record);
        await _clock.WaitForTimersAsync(1, Deadlines.Deadline);
        _clock.Advance(TimeSpan.FromSeconds(90.5));

        var returned = await sut.FireNowAsync("expire-stale-orders", TestContext.Current.CancellationToken).Within();
        var firedNow = await _fired.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within();
        var scheduled = await AdvanceUntilFiredAsync(TimeSpan.FromMinutes(3.5));

        Assert.Same(returned, firedNow);
        Assert.Equal(Start.AddSeconds(90), firedNow.Time);
        Assert.Equal("expire-stale-orders", firedNow.RuleName);
        Assert.Equal(Start.AddMinutes(5), scheduled.Time);
    }

    [Fact]
    public async Task FireNowAsync_UnknownRule_ThrowsNamingIt()
    {
        await using var sut = CreateSut();
        sut.Add("expire-stale-orders", ScheduleExpression.Parse("rate(5 minutes)"), Record);

        var exception = await Assert.ThrowsAsync<KeyNotFoundException>(() => sut.FireNowAsync("no-such-rule", TestContext.Current.CancellationToken));

        Assert.Contains("'no-such-rule'", exception.Message, StringComparison.Ordinal);
        Assert.False(_fired.Reader.TryRead(out _));
    }

    [Fact]
    public async Task FireNowAsync_ScheduledCallbackRunning_WaitsForItToReturn()
    {
        await using var sut = CreateSut();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var overlapped = false;
        var scheduledStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Add("slow", ScheduleExpression.Parse("rate(1 minute)"), async (scheduledEvent, cancellationToken) =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            scheduledStarted.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref running);
            await Record(scheduledEvent, cancellationToken);
        });
        await _clock.WaitForTimersAsync(1, Deadlines.Deadline);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await scheduledStarted.Task.Within();

        // Without the wait, the callback would start (and count itself running) before FireNowAsync returns its task.
        var fireNow = sut.FireNowAsync("slow", TestContext.Current.CancellationToken);
        var completedBeforeRelease = fireNow.IsCompleted;
        release.SetResult();
        await fireNow.Within();

        Assert.False(completedBeforeRelease);
        Assert.False(overlapped);
        Assert.Equal(Start.AddMinutes(1), (await _fired.Reader.ReadAsync(TestContext.Current.CancellationToken)).Time);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private Scheduler CreateSut(bool fast = false) => new(new SchedulerOptions { Region = "eu-west-1", Fast = fast }, _clock);

    private Task Record(ScheduledEvent scheduledEvent, CancellationToken cancellationToken) =>
        _fired.Writer.WriteAsync(scheduledEvent, cancellationToken).AsTask();

    // Waits until the scheduler is waiting on the clock, moves the clock, then waits for the callback.
    private async Task<ScheduledEvent> AdvanceUntilFiredAsync(TimeSpan by)
    {
        await _clock.WaitForTimersAsync(1, Deadlines.Deadline);
        _clock.Advance(by);
        return await _fired.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within();
    }
}
