using System.Diagnostics.CodeAnalysis;
using Platform.Local.Schedules.Internal;

namespace Platform.Local.Schedules;

/// <summary>An EventBridge schedule expression: <c>rate(value unit)</c> or six-field <c>cron(…)</c>, evaluated in UTC.</summary>
/// <remarks>
/// The grammar is AWS's (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html and
/// eb-rate-expressions.html); what AWS rejects, <see cref="Parse"/> rejects with a message that names the fault.
/// </remarks>
public abstract class ScheduleExpression
{
    private protected ScheduleExpression(string text) => Text = text;

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses a rate or cron expression.</summary>
    /// <exception cref="FormatException">The expression is not valid; the message says why.</exception>
    public static ScheduleExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return TryParse(expression, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Parses a rate or cron expression, returning the reason instead of throwing when it is invalid.</summary>
    public static bool TryParse(
        string? expression, [NotNullWhen(true)] out ScheduleExpression? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var text = expression?.Trim() ?? string.Empty;
        string? reason;
        if (text.StartsWith("rate(", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            reason = RateParser.TryParse(text[5..^1], out var period);
            result = reason is null ? new RateSchedule(text, period) : null;
        }
        else if (text.StartsWith("cron(", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            reason = CronParser.TryParse(text[5..^1], out var fields);
            result = reason is null ? new CronSchedule(text, fields!) : null;
        }
        else
        {
            reason = "a schedule expression is rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)";
        }

        error = reason is null ? null : $"Invalid schedule expression '{expression}': {reason}.";
        return result is not null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none (cron years end at 2199).</summary>
    /// <remarks>A rate has no fixed phase: AWS starts it when the rule is created, so its next occurrence is one period after <paramref name="after"/>.</remarks>
    public abstract DateTimeOffset? NextOccurrence(DateTimeOffset after);

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>A <c>rate(value unit)</c> expression: a fixed period starting when the rule is created.</summary>
public sealed class RateSchedule : ScheduleExpression
{
    internal RateSchedule(string text, TimeSpan period)
        : base(text) => Period = period;

    /// <summary>The time between two occurrences.</summary>
    public TimeSpan Period { get; }

    /// <inheritdoc />
    public override DateTimeOffset? NextOccurrence(DateTimeOffset after) =>
        after.ToUniversalTime() > DateTimeOffset.MaxValue - Period ? null : after.ToUniversalTime() + Period;
}

/// <summary>A six-field <c>cron(Minutes Hours Day-of-month Month Day-of-week Year)</c> expression in UTC.</summary>
public sealed class CronSchedule : ScheduleExpression
{
    private readonly CronFields _fields;

    internal CronSchedule(string text, CronFields fields)
        : base(text) => _fields = fields;

    /// <inheritdoc />
    public override DateTimeOffset? NextOccurrence(DateTimeOffset after) => _fields.NextOccurrence(after);
}
