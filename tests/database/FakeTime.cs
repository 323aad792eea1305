namespace Platform.Tests.Database;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private long utcTicks = start.UtcTicks;

    public FakeTime()
        : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);
}
