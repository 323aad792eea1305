namespace Platform.Tests.Local.Schedules.Support;

public static class Deadlines
{
    /// <summary>How long a test waits for a condition before failing.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
}
