using System.Text.Json;

namespace Platform.Tests.Local.EventBus.Support;

/// <summary>One row of cases/event-patterns.json.</summary>
public sealed record PatternCase(string Name, string Doc, string PatternJson, string? EventJson, bool? Matches, string? Error);

/// <summary>The table of AWS's documented event-pattern cases, loaded from cases/event-patterns.json.</summary>
public static class PatternCases
{
    private static readonly Lazy<Dictionary<string, PatternCase>> All = new(Load);

    public static PatternCase Get(string name) => All.Value[name];

    public static TheoryData<string> Matching() => [.. All.Value.Values.Where(c => c.Error is null).Select(c => c.Name)];

    public static TheoryData<string> Invalid() => [.. All.Value.Values.Where(c => c.Error is not null).Select(c => c.Name)];

    private static Dictionary<string, PatternCase> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cases", "event-patterns.json")));
        var cases = new Dictionary<string, PatternCase>(StringComparer.Ordinal);
        foreach (var row in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var name = row.GetProperty("name").GetString()!;
            cases.Add(name, new PatternCase(
                name,
                row.GetProperty("doc").GetString()!,
                row.GetProperty("pattern").GetRawText(),
                row.TryGetProperty("event", out var evt) ? evt.GetRawText() : null,
                row.TryGetProperty("matches", out var matches) ? matches.GetBoolean() : null,
                row.TryGetProperty("error", out var error) ? error.GetString() : null));
        }

        return cases;
    }
}
