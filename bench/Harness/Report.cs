using System.Globalization;
using System.Text;

namespace Platform.Bench.Harness;

/// <summary>One suite's results as Markdown: tables, goals met or missed, and notes; printed and written to RESULTS.md.</summary>
public sealed class Report(int suite, string title)
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Goal, bool Met)> _goals = [];

    public int Suite { get; } = suite;

    public string Title { get; } = title;

    /// <summary>The rounds behind the figures, for the heading line.</summary>
    public int Rounds { get; init; } = 1;

    public IReadOnlyList<(string Goal, bool Met)> Goals => _goals;

    public void Paragraph(string text) => _text.AppendLine(text).AppendLine();

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        _text.AppendLine("| " + string.Join(" | ", headers) + " |");
        _text.AppendLine("|" + string.Concat(headers.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in rows)
        {
            _text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        _text.AppendLine();
    }

    /// <summary>A goal with the figure that decides it, e.g. "each function ≤ 5× the floor: worst 3.1× (create-order)".</summary>
    public void Goal(string goal, bool met, string evidence)
    {
        _goals.Add((goal, met));
        _text.AppendLine(CultureInfo.InvariantCulture, $"- Goal: {goal} — {Figures.Verdict(met)}: {evidence}");
    }

    /// <summary>A goal nothing can measure yet: listed with the reason, counted neither met nor missed.</summary>
    public void GoalNotMeasured(string goal, string reason) =>
        _text.AppendLine(CultureInfo.InvariantCulture, $"- Goal: {goal} — **not measured**: {reason}");

    /// <summary>Ends a list of goals.</summary>
    public void EndGoals() => _text.AppendLine();

    public string ToMarkdown(string machine) =>
        $"## {Suite}. {Title}\n\n{machine}\n\n{_text.ToString().TrimEnd()}\n";
}
