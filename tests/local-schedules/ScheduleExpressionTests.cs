using System.Globalization;
using Platform.Local.Schedules;

namespace Platform.Tests.Local.Schedules;

public sealed class ScheduleExpressionTests
{
    // AWS's documented examples (eb-scheduled-rule-pattern.html, eb-rate-expressions.html) and its wildcards L, W and #.
    // 2026-11-25 is a Wednesday.
    public static TheoryData<string, string, string> Occurrences => new()
    {
        { "cron(0 10 * * ? *)", "2026-11-25T09:59:30Z", "2026-11-25T10:00:00Z" },
        { "cron(0 10 * * ? *)", "2026-11-25T10:00:00Z", "2026-11-26T10:00:00Z" },
        { "cron(15 12 * * ? *)", "2026-11-25T12:15:00Z", "2026-11-26T12:15:00Z" },
        { "cron(0 18 ? * MON-FRI *)", "2026-11-27T18:00:00Z", "2026-11-30T18:00:00Z" },
        { "cron(0 8 1 * ? *)", "2026-11-25T00:00:00Z", "2026-12-01T08:00:00Z" },
        { "cron(0/15 * * * ? *)", "2026-11-25T10:07:00Z", "2026-11-25T10:15:00Z" },
        { "cron(0/15 * * * ? *)", "2026-11-25T10:45:00Z", "2026-11-25T11:00:00Z" },
        { "cron(0/10 * ? * MON-FRI *)", "2026-11-27T23:55:00Z", "2026-11-30T00:00:00Z" },
        { "cron(0/5 8-17 ? * MON-FRI *)", "2026-11-25T17:55:00Z", "2026-11-26T08:00:00Z" },
        { "cron(0/5 8-17 ? * MON-FRI *)", "2026-11-25T09:01:00Z", "2026-11-25T09:05:00Z" },
        { "cron(0/30 20-23 ? * MON-FRI *)", "2026-11-25T20:45:00Z", "2026-11-25T21:00:00Z" },
        { "cron(0/30 0-2 ? * TUE-SAT *)", "2026-11-28T02:30:00Z", "2026-12-01T00:00:00Z" },
        { "cron(1/10 * * * ? *)", "2026-11-25T10:11:00Z", "2026-11-25T10:21:00Z" },
        { "cron(0 10 ? * 3#2 *)", "2026-11-25T00:00:00Z", "2026-12-08T10:00:00Z" },
        { "cron(0 9 ? * 2#1 *)", "2026-11-25T00:00:00Z", "2026-12-07T09:00:00Z" },
        { "cron(0 9 ? * MON#1 *)", "2026-11-25T00:00:00Z", "2026-12-07T09:00:00Z" },
        { "cron(0 0 L * ? *)", "2026-02-10T00:00:00Z", "2026-02-28T00:00:00Z" },
        { "cron(0 0 L * ? *)", "2028-02-10T00:00:00Z", "2028-02-29T00:00:00Z" },
        { "cron(0 0 LW * ? *)", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z" },
        { "cron(0 12 3W * ? *)", "2026-01-01T00:00:00Z", "2026-01-02T12:00:00Z" },
        { "cron(0 12 3W * ? *)", "2026-05-01T00:00:00Z", "2026-05-04T12:00:00Z" },
        { "cron(0 12 1W * ? *)", "2026-07-31T00:00:00Z", "2026-08-03T12:00:00Z" },
        { "cron(0 12 31W * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T12:00:00Z" },
        { "cron(0 0 ? * 6L *)", "2026-11-01T00:00:00Z", "2026-11-27T00:00:00Z" },
        { "cron(0 0 ? * L *)", "2026-11-25T00:00:00Z", "2026-11-28T00:00:00Z" },
        { "cron(0 0 ? * SUN *)", "2026-11-25T00:00:00Z", "2026-11-29T00:00:00Z" },
        { "cron(0 0 ? * 1 *)", "2026-11-25T00:00:00Z", "2026-11-29T00:00:00Z" },
        { "cron(0 0 ? * 2/2 *)", "2026-11-28T00:00:00Z", "2026-11-30T00:00:00Z" },
        { "cron(0 0 ? * 2/2 *)", "2026-11-30T00:00:00Z", "2026-12-02T00:00:00Z" },
        { "cron(0 0 ? * mon-fri *)", "2026-11-28T00:00:00Z", "2026-11-30T00:00:00Z" },
        { "cron(0 0 1 JAN,JUL ? 2027-2028)", "2026-11-25T00:00:00Z", "2027-01-01T00:00:00Z" },
        { "cron(0 0 1 JAN,JUL ? 2027-2028)", "2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z" },
        { "cron(0 0 1 1 ? 2030/5)", "2026-11-25T00:00:00Z", "2030-01-01T00:00:00Z" },
        { "cron(0 0 1 1 ? 2030/5)", "2030-01-01T00:00:00Z", "2035-01-01T00:00:00Z" },
        { "cron(0 0 29 2 ? *)", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z" },
        { "cron(0 0 31 * ? *)", "2026-11-25T00:00:00Z", "2026-12-31T00:00:00Z" },
        { "cron(5,35 */6 * * ? *)", "2026-11-25T06:35:00Z", "2026-11-25T12:05:00Z" },
        { "cron(0 0 1 */3 ? *)", "2026-11-25T00:00:00Z", "2027-01-01T00:00:00Z" },
        { "cron(59 23 31 12 ? 2199)", "2199-12-31T23:58:00Z", "2199-12-31T23:59:00Z" },
        { "rate(1 minute)", "2026-11-25T10:00:30Z", "2026-11-25T10:01:30Z" },
        { "rate(5 minutes)", "2026-11-25T10:00:00Z", "2026-11-25T10:05:00Z" },
        { "rate(1 hour)", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z" },
        { "rate(12 hours)", "2026-11-25T10:00:00Z", "2026-11-25T22:00:00Z" },
        { "rate(1 day)", "2026-11-25T10:00:00Z", "2026-11-26T10:00:00Z" },
        { "rate(7 days)", "2026-11-25T10:00:00Z", "2026-12-02T10:00:00Z" },
    };

    public static TheoryData<string, string> InvalidExpressions => new()
    {
        { "cron(0 10 ? * ? *)", "Day-of-month and Day-of-week are both '?'; exactly one of them must be '?'" },
        { "cron(0 10 * * * *)", "Day-of-month and Day-of-week are both set; exactly one of them must be '?'" },
        { "cron(0 10 1 * MON *)", "Day-of-month and Day-of-week are both set; exactly one of them must be '?'" },
        { "cron(0 10 * * ?)", "a cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year), got 5" },
        { "cron(0 0 10 * * ? *)", "a cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year), got 7" },
        { "cron(60 10 * * ? *)", "Minutes: 60 is out of range 0-59" },
        { "cron(0 24 * * ? *)", "Hours: 24 is out of range 0-23" },
        { "cron(0 10 0 * ? *)", "Day-of-month: 0 is out of range 1-31" },
        { "cron(0 10 32 * ? *)", "Day-of-month: 32 is out of range 1-31" },
        { "cron(0 10 * 13 ? *)", "Month: 13 is out of range 1-12" },
        { "cron(0 10 ? * 8 *)", "Day-of-week: 8 is out of range 1-7" },
        { "cron(0 10 * * ? 1969)", "Year: 1969 is out of range 1970-2199" },
        { "cron(0 10 * * ? 2200)", "Year: 2200 is out of range 1970-2199" },
        { "cron(0 20-2 * * ? *)", "Hours: the range '20-2' runs backwards; a range goes from low to high" },
        { "cron(0 10 ? * FRI-MON *)", "Day-of-week: the range 'FRI-MON' runs backwards; a range goes from low to high" },
        { "cron(0-60 10 * * ? *)", "Minutes: 60 is out of range 0-59" },
        { "cron(0- 10 * * ? *)", "Minutes: a range or increment is missing a value" },
        { "cron(0/0 * * * ? *)", "Minutes: the increment in '0/0' must be a positive integer" },
        { "cron(0/61 * * * ? *)", "Minutes: the increment 61 in '0/61' is larger than the field's range 0-59" },
        { "cron(0,,5 10 * * ? *)", "Minutes: empty value in a list" },
        { "cron(0 10 * FOO ? *)", "Month: 'FOO' is not a value (1-12 or JAN-DEC)" },
        { "cron(0 10 ? * MONDAY *)", "Day-of-week: 'MONDAY' is not a value (1-7 or SUN-SAT)" },
        { "cron(? 10 * * ? *)", "Minutes: '?' is allowed only in Day-of-month and Day-of-week" },
        { "cron(0 10 L,15 * ? *)", "Day-of-month: 'L' and 'W' stand alone (L, LW or nW) and combine with no other value, got 'L,15'" },
        { "cron(0 10 1-5W * ? *)", "Day-of-month: 'W' follows a single day 1-31 (as in 15W), got '1-5W'" },
        { "cron(0 10 5#1 * ? *)", "Day-of-month: '#' is allowed only in Day-of-week, got '5#1'" },
        { "cron(0 10 ? * 3#1,6#3 *)", "Day-of-week: with '#' the field holds one expression only (3#1, not 3#1,6#3), got '3#1,6#3'" },
        { "cron(0 10 ? * 2#6 *)", "Day-of-week: the n of d#n is the week of the month, 1 to 5, got '2#6'" },
        { "cron(0 10 ? * 9L *)", "Day-of-week: 'L' follows a single day (as in 6L, the last Friday), got '9L'" },
        { "rate(1 minutes)", "a value of 1 takes the singular unit 'minute', not 'minutes'" },
        { "rate(1 hours)", "a value of 1 takes the singular unit 'hour', not 'hours'" },
        { "rate(5 hour)", "a value greater than 1 takes the plural unit 'hours', not 'hour'" },
        { "rate(0 minutes)", "the rate value must be a positive integer, got '0'" },
        { "rate(-5 minutes)", "the rate value must be a positive integer, got '-5'" },
        { "rate(1.5 hours)", "the rate value must be a positive integer, got '1.5'" },
        { "rate(5 seconds)", "the rate unit must be minute, minutes, hour, hours, day or days, got 'seconds'" },
        { "rate(5)", "a rate expression has two fields, rate(value unit)" },
        { "every 5 minutes", "a schedule expression is rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)" },
        { "", "a schedule expression is rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)" },
    };

    [Theory]
    [MemberData(nameof(Occurrences))]
    public void NextOccurrence_DocumentedExpression_ReturnsExpectedTime(string expression, string after, string expected)
    {
        var sut = ScheduleExpression.Parse(expression);

        var next = sut.NextOccurrence(Utc(after));

        Assert.Equal(Utc(expected), next);
    }

    [Theory]
    [InlineData("cron(0 0 1 1 ? 2020)", "2026-11-25T00:00:00Z")]
    [InlineData("cron(59 23 31 12 ? 2199)", "2199-12-31T23:59:00Z")]
    [InlineData("cron(0 0 30 2 ? *)", "2026-11-25T00:00:00Z")]
    public void NextOccurrence_NoOccurrenceLeft_ReturnsNull(string expression, string after)
    {
        var sut = ScheduleExpression.Parse(expression);

        Assert.Null(sut.NextOccurrence(Utc(after)));
    }

    [Fact]
    public void NextOccurrence_NonUtcOffset_EvaluatesInUtc()
    {
        var sut = ScheduleExpression.Parse("cron(0 10 * * ? *)");

        var next = sut.NextOccurrence(new DateTimeOffset(2026, 11, 25, 11, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Utc("2026-11-25T10:00:00Z"), next);
    }

    [Theory]
    [MemberData(nameof(InvalidExpressions))]
    public void Parse_InvalidExpression_ThrowsNamingTheFault(string expression, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(expression));

        Assert.Equal($"Invalid schedule expression '{expression}': {reason}.", exception.Message);
    }

    [Fact]
    public void TryParse_InvalidExpression_ReturnsFalseWithReason()
    {
        var parsed = ScheduleExpression.TryParse("rate(1 minutes)", out var result, out var error);

        Assert.False(parsed);
        Assert.Null(result);
        Assert.Equal("Invalid schedule expression 'rate(1 minutes)': a value of 1 takes the singular unit 'minute', not 'minutes'.", error);
    }

    [Theory]
    [InlineData("rate(1 minute)", 1)]
    [InlineData("rate(90 minutes)", 90)]
    [InlineData("rate(2 hours)", 120)]
    [InlineData("rate(3 days)", 4320)]
    public void Parse_Rate_ExposesPeriod(string expression, int minutes)
    {
        var sut = Assert.IsType<RateSchedule>(ScheduleExpression.Parse(expression));

        Assert.Equal(TimeSpan.FromMinutes(minutes), sut.Period);
        Assert.Equal(expression, sut.ToString());
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
