namespace Platform.Local.Schedules.Internal;

/// <summary>How the day of a cron expression is chosen: by day-of-month or by day-of-week (the other field is '?').</summary>
internal enum DayRule
{
    /// <summary>Day-of-month values (<see cref="CronFields.DaysOfMonth"/>).</summary>
    DaysOfMonth,

    /// <summary>Day-of-month <c>L</c>: the last day of the month.</summary>
    LastDayOfMonth,

    /// <summary>Day-of-month <c>LW</c>: the last weekday (Monday to Friday) of the month.</summary>
    LastWeekdayOfMonth,

    /// <summary>Day-of-month <c>nW</c>: the weekday nearest to day n, within the month.</summary>
    NearestWeekday,

    /// <summary>Day-of-week values (<see cref="CronFields.DaysOfWeek"/>).</summary>
    DaysOfWeek,

    /// <summary>Day-of-week <c>dL</c>: the last day d of the month.</summary>
    LastDayOfWeekInMonth,

    /// <summary>Day-of-week <c>d#n</c>: the n-th day d of the month.</summary>
    NthDayOfWeekInMonth,
}

/// <summary>A parsed cron expression: the allowed values of each field, indexed by value.</summary>
internal sealed class CronFields
{
    public const int FirstYear = 1970;
    public const int LastYear = 2199;

    public required bool[] Minutes { get; init; }

    public required bool[] Hours { get; init; }

    public required bool[] Months { get; init; }

    public required bool[] Years { get; init; }

    public required DayRule DayRule { get; init; }

    /// <summary>Day-of-month values 1–31, for <see cref="DayRule.DaysOfMonth"/>.</summary>
    public bool[] DaysOfMonth { get; init; } = new bool[32];

    /// <summary>Day-of-week values 1–7 (SUN=1), for <see cref="DayRule.DaysOfWeek"/>.</summary>
    public bool[] DaysOfWeek { get; init; } = new bool[8];

    /// <summary>The n of <c>nW</c> or of <c>d#n</c>.</summary>
    public int Nth { get; init; }

    /// <summary>The d (1–7, SUN=1) of <c>dL</c> or <c>d#n</c>.</summary>
    public int Weekday { get; init; }

    public DateTimeOffset? NextOccurrence(DateTimeOffset after)
    {
        var utc = after.UtcDateTime;
        var t = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        while (t.Year <= LastYear)
        {
            if (t.Year < FirstYear || !Years[t.Year - FirstYear])
            {
                var year = NextSet(Years, Math.Max(t.Year, FirstYear - 1) - FirstYear + 1);
                if (year < 0)
                {
                    return null;
                }

                t = new DateTime(year + FirstYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                continue;
            }

            if (!Months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                continue;
            }

            if (!DayMatches(DateOnly.FromDateTime(t)))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            var hour = NextSet(Hours, t.Hour);
            if (hour < 0)
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (hour > t.Hour)
            {
                t = t.Date.AddHours(hour);
            }

            var minute = NextSet(Minutes, t.Minute);
            if (minute < 0)
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            return new DateTimeOffset(t.Date.AddHours(t.Hour).AddMinutes(minute), TimeSpan.Zero);
        }

        return null;
    }

    private static int NextSet(bool[] values, int from)
    {
        for (var i = Math.Max(from, 0); i < values.Length; i++)
        {
            if (values[i])
            {
                return i;
            }
        }

        return -1;
    }

    private static int AwsDayOfWeek(DateOnly date) => (int)date.DayOfWeek + 1;

    private static bool IsWeekday(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static DateOnly? NearestWeekdayTo(int year, int month, int day)
    {
        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (day > daysInMonth)
        {
            return null;
        }

        // The nearest weekday never leaves the month: 1W on a Saturday is Monday the 3rd, not Friday the 31st before.
        var date = new DateOnly(year, month, day);
        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => day == 1 ? date.AddDays(2) : date.AddDays(-1),
            DayOfWeek.Sunday => day == daysInMonth ? date.AddDays(-2) : date.AddDays(1),
            _ => date,
        };
    }

    private bool DayMatches(DateOnly date)
    {
        var daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        return DayRule switch
        {
            DayRule.DaysOfMonth => DaysOfMonth[date.Day],
            DayRule.LastDayOfMonth => date.Day == daysInMonth,
            DayRule.LastWeekdayOfMonth => IsWeekday(date) && Enumerable.Range(date.Day + 1, daysInMonth - date.Day)
                .All(day => !IsWeekday(new DateOnly(date.Year, date.Month, day))),
            DayRule.NearestWeekday => NearestWeekdayTo(date.Year, date.Month, Nth) == date,
            DayRule.DaysOfWeek => DaysOfWeek[AwsDayOfWeek(date)],
            DayRule.LastDayOfWeekInMonth => AwsDayOfWeek(date) == Weekday && date.Day + 7 > daysInMonth,
            DayRule.NthDayOfWeekInMonth => AwsDayOfWeek(date) == Weekday && ((date.Day - 1) / 7) + 1 == Nth,
            _ => false,
        };
    }
}
