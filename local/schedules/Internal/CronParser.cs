using System.Globalization;

namespace Platform.Local.Schedules.Internal;

/// <summary>Parses the six fields of AWS's cron: Minutes Hours Day-of-month Month Day-of-week Year.</summary>
internal static class CronParser
{
    private static readonly Field Minutes = new("Minutes", 0, 59);
    private static readonly Field Hours = new("Hours", 0, 23);
    private static readonly Field DayOfMonth = new("Day-of-month", 1, 31);
    private static readonly Field Month = new("Month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);
    private static readonly Field DayOfWeek = new("Day-of-week", 1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
    private static readonly Field Year = new("Year", CronFields.FirstYear, CronFields.LastYear);

    // Returns null when valid, else the reason.
    public static string? TryParse(string body, out CronFields? fields)
    {
        fields = null;
        var parts = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            return $"a cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year), got {parts.Length}";
        }

        var (dayOfMonth, dayOfWeek) = (parts[2], parts[4]);
        if (dayOfMonth == "?" && dayOfWeek == "?")
        {
            return "Day-of-month and Day-of-week are both '?'; exactly one of them must be '?'";
        }

        if (dayOfMonth != "?" && dayOfWeek != "?")
        {
            return "Day-of-month and Day-of-week are both set; exactly one of them must be '?'";
        }

        var minutes = new bool[60];
        var hours = new bool[24];
        var months = new bool[13];
        var years = new bool[CronFields.LastYear - CronFields.FirstYear + 1];
        var error = ParseList(Minutes, parts[0], minutes)
            ?? ParseList(Hours, parts[1], hours)
            ?? ParseList(Month, parts[3], months)
            ?? ParseList(Year, parts[5], years);
        if (error is not null)
        {
            return error;
        }

        var dayError = dayOfWeek == "?" ? ParseDayOfMonth(dayOfMonth, out var days) : ParseDayOfWeek(dayOfWeek, out days);
        if (dayError is not null)
        {
            return dayError;
        }

        fields = new CronFields
        {
            Minutes = minutes,
            Hours = hours,
            Months = months,
            Years = years,
            DayRule = days.Rule,
            DaysOfMonth = days.DaysOfMonth,
            DaysOfWeek = days.DaysOfWeek,
            Nth = days.Nth,
            Weekday = days.Weekday,
        };
        return null;
    }

    private static string? ParseDayOfMonth(string text, out Days days)
    {
        days = new Days(DayRule.DaysOfMonth);
        switch (text)
        {
            case "L":
                days = days with { Rule = DayRule.LastDayOfMonth };
                return null;
            case "LW":
                days = days with { Rule = DayRule.LastWeekdayOfMonth };
                return null;
        }

        if (text.Contains('#', StringComparison.Ordinal))
        {
            return $"Day-of-month: '#' is allowed only in Day-of-week, got '{text}'";
        }

        if (text.EndsWith('W'))
        {
            var dayText = text[..^1];
            if (!TryNumber(dayText, out var day) || day < DayOfMonth.Min || day > DayOfMonth.Max)
            {
                return $"Day-of-month: 'W' follows a single day 1-31 (as in 15W), got '{text}'";
            }

            days = days with { Rule = DayRule.NearestWeekday, Nth = day };
            return null;
        }

        if (text.Contains('L', StringComparison.Ordinal) || text.Contains('W', StringComparison.Ordinal))
        {
            return $"Day-of-month: 'L' and 'W' stand alone (L, LW or nW) and combine with no other value, got '{text}'";
        }

        return ParseList(DayOfMonth, text, days.DaysOfMonth);
    }

    private static string? ParseDayOfWeek(string text, out Days days)
    {
        days = new Days(DayRule.DaysOfWeek);
        if (text == "L")
        {
            // L alone is the last day of the week: Saturday.
            days.DaysOfWeek[7] = true;
            return null;
        }

        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            if (text.Contains(',', StringComparison.Ordinal))
            {
                return $"Day-of-week: with '#' the field holds one expression only (3#1, not 3#1,6#3), got '{text}'";
            }

            var error = ParseValue(DayOfWeek, text[..hash], out var weekday);
            if (error is not null)
            {
                return error;
            }

            if (!TryNumber(text[(hash + 1)..], out var nth) || nth is < 1 or > 5)
            {
                return $"Day-of-week: the n of d#n is the week of the month, 1 to 5, got '{text}'";
            }

            days = days with { Rule = DayRule.NthDayOfWeekInMonth, Weekday = weekday, Nth = nth };
            return null;
        }

        if (text.Length > 1 && text.EndsWith('L'))
        {
            var error = ParseValue(DayOfWeek, text[..^1], out var weekday);
            if (error is not null)
            {
                return $"Day-of-week: 'L' follows a single day (as in 6L, the last Friday), got '{text}'";
            }

            days = days with { Rule = DayRule.LastDayOfWeekInMonth, Weekday = weekday };
            return null;
        }

        return ParseList(DayOfWeek, text, days.DaysOfWeek);
    }

    private static string? ParseList(Field field, string text, bool[] values)
    {
        foreach (var item in text.Split(','))
        {
            var error = ParseItem(field, item, values);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ParseItem(Field field, string item, bool[] values)
    {
        if (item.Length == 0)
        {
            return $"{field.Name}: empty value in a list";
        }

        if (item.Contains('?', StringComparison.Ordinal))
        {
            return field == DayOfMonth || field == DayOfWeek
                ? $"{field.Name}: '?' stands alone, got '{item}'"
                : $"{field.Name}: '?' is allowed only in Day-of-month and Day-of-week";
        }

        var rangeText = item;
        int? step = null;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            rangeText = item[..slash];
            if (!TryNumber(item[(slash + 1)..], out var increment) || increment < 1)
            {
                return $"{field.Name}: the increment in '{item}' must be a positive integer";
            }

            if (increment > field.Max - field.Min + 1)
            {
                return $"{field.Name}: the increment {increment} in '{item}' is larger than the field's range {field.Min}-{field.Max}";
            }

            step = increment;
        }

        int start, end = 0;
        if (rangeText == "*")
        {
            (start, end) = (field.Min, field.Max);
        }
        else
        {
            var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
            var error = dash >= 0
                ? ParseValue(field, rangeText[..dash], out start) ?? ParseValue(field, rangeText[(dash + 1)..], out end)
                : ParseValue(field, rangeText, out start);
            if (error is not null)
            {
                return error;
            }

            if (dash < 0)
            {
                end = step is null ? start : field.Max;
            }
            else if (start > end)
            {
                return $"{field.Name}: the range '{rangeText}' runs backwards; a range goes from low to high";
            }
        }

        for (var value = start; value <= end; value += step ?? 1)
        {
            values[value - field.Offset] = true;
        }

        return null;
    }

    private static string? ParseValue(Field field, string text, out int value)
    {
        if (TryNumber(text, out value))
        {
            return value < field.Min || value > field.Max
                ? $"{field.Name}: {value} is out of range {field.Min}-{field.Max}"
                : null;
        }

        var index = field.Names is null ? -1 : Array.FindIndex(field.Names, name => name.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            value = field.Min + index;
            return null;
        }

        var names = field.Names is null ? string.Empty : $" or {field.Names[0]}-{field.Names[^1]}";
        return text.Length == 0
            ? $"{field.Name}: a range or increment is missing a value"
            : $"{field.Name}: '{text}' is not a value ({field.Min}-{field.Max}{names})";
    }

    private static bool TryNumber(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 4 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private sealed record Field(string Name, int Min, int Max, string[]? Names = null)
    {
        // Arrays are indexed by value, except years, which start at 1970.
        public int Offset => Min >= CronFields.FirstYear ? Min : 0;
    }

    private sealed record Days(DayRule Rule)
    {
        public bool[] DaysOfMonth { get; init; } = new bool[32];

        public bool[] DaysOfWeek { get; init; } = new bool[8];

        public int Nth { get; init; }

        public int Weekday { get; init; }
    }
}
