using System.Globalization;

namespace Platform.Local.Schedules.Internal;

internal static class RateParser
{
    private static readonly Dictionary<string, (TimeSpan Unit, bool Plural)> Units = new(StringComparer.Ordinal)
    {
        ["minute"] = (TimeSpan.FromMinutes(1), false),
        ["minutes"] = (TimeSpan.FromMinutes(1), true),
        ["hour"] = (TimeSpan.FromHours(1), false),
        ["hours"] = (TimeSpan.FromHours(1), true),
        ["day"] = (TimeSpan.FromDays(1), false),
        ["days"] = (TimeSpan.FromDays(1), true),
    };

    // Returns null when valid, else the reason.
    public static string? TryParse(string body, out TimeSpan period)
    {
        period = TimeSpan.Zero;
        var parts = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return "a rate expression has two fields, rate(value unit)";
        }

        var (valueText, unitText) = (parts[0], parts[1]);
        if (!valueText.All(char.IsAsciiDigit)
            || !long.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value <= 0)
        {
            return $"the rate value must be a positive integer, got '{valueText}'";
        }

        if (!Units.TryGetValue(unitText, out var unit))
        {
            return $"the rate unit must be minute, minutes, hour, hours, day or days, got '{unitText}'";
        }

        if (value == 1 && unit.Plural)
        {
            return $"a value of 1 takes the singular unit '{unitText[..^1]}', not '{unitText}'";
        }

        if (value > 1 && !unit.Plural)
        {
            return $"a value greater than 1 takes the plural unit '{unitText}s', not '{unitText}'";
        }

        if (value > TimeSpan.MaxValue.Ticks / unit.Unit.Ticks / 2)
        {
            return $"the rate value {value} is too large";
        }

        period = TimeSpan.FromTicks(unit.Unit.Ticks * value);
        return null;
    }
}
