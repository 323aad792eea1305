namespace Platform.Tests.Local.Support;

/// <summary>Waits for a condition of the running platform, checking it again until a deadline.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns the first value that satisfies <paramref name="done"/>; fails with the last one after <paramref name="deadline"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(deadline);
        using var ticks = new PeriodicTimer(Interval);
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
        }
        while (await WaitAsync(ticks, timeout.Token));

        Assert.Fail($"Waited {deadline.TotalSeconds:0} s for {what}; last seen: {last}");
        return last;
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        UntilAsync(() => Task.FromResult(condition()), done => done, deadline, what);

    private static async Task<bool> WaitAsync(PeriodicTimer ticks, CancellationToken cancellationToken)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
