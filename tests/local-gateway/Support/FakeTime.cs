using System.Globalization;

namespace Platform.Tests.Local.Gateway.Support;

/// <summary>A clock the test sets; timers stay real (the base TimeProvider's), so only "now" is faked.</summary>
public sealed class FakeTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public static FakeTime At(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
