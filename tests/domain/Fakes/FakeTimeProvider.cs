namespace Platform.Tests.Domain.Fakes;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = start;

    public FakeTimeProvider() : this(DefaultStart) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
