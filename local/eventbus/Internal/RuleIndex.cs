using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>A rule with its targets.</summary>
internal sealed class Rule(string busName, string name, string arn, EventPattern pattern, int order)
{
    public string BusName { get; } = busName;

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public EventPattern Pattern { get; } = pattern;

    /// <summary>Registration order, so that matched rules are reported in a stable order.</summary>
    public int Order { get; } = order;

    public List<RuleTarget> Targets { get; } = [];
}

internal sealed record RuleTarget(IEventTarget Target, RetryPolicy RetryPolicy, IDeadLetterSink? DeadLetter);

/// <summary>
/// The rules of one bus, indexed by the exact <c>source</c> and <c>detail-type</c> values they require, so that an
/// event is tested only against rules that can match it: four dictionary look-ups, whatever the number of rules.
/// </summary>
internal sealed class RuleIndex
{
    private static readonly byte[] SourceName = "source"u8.ToArray();
    private static readonly byte[] DetailTypeName = "detail-type"u8.ToArray();

    // An empty string in a key stands for "any value" (the pattern does not pin that field); real values are never empty.
    private readonly Dictionary<(string Source, string DetailType), List<Rule>> _rules = [];
    private readonly Dictionary<string, Rule> _byName = new(StringComparer.Ordinal);

    public bool TryGet(string name, out Rule rule) => _byName.TryGetValue(name, out rule!);

    public void Add(Rule rule)
    {
        _byName.Add(rule.Name, rule);
        foreach (var source in KeysOf(rule.Pattern.ExactSources))
        {
            foreach (var detailType in KeysOf(rule.Pattern.ExactDetailTypes))
            {
                if (!_rules.TryGetValue((source, detailType), out var list))
                {
                    _rules[(source, detailType)] = list = [];
                }

                list.Add(rule);
            }
        }
    }

    private static IEnumerable<string> KeysOf(IReadOnlyList<string>? exactValues) =>
        exactValues is not null && exactValues.All(v => v.Length > 0) ? exactValues.Distinct(StringComparer.Ordinal) : [string.Empty];

    /// <summary>The rules that match the event, in registration order.</summary>
    public List<Rule> Match(JsonElement evt)
    {
        var source = StringField(evt, SourceName);
        var detailType = StringField(evt, DetailTypeName);
        var matched = new List<Rule>();
        AddMatches((string.Empty, string.Empty), evt, matched);
        if (source is not null)
        {
            AddMatches((source, string.Empty), evt, matched);
        }

        if (detailType is not null)
        {
            AddMatches((string.Empty, detailType), evt, matched);
        }

        if (source is not null && detailType is not null)
        {
            AddMatches((source, detailType), evt, matched);
        }

        if (matched.Count > 1)
        {
            matched.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        return matched;
    }

    private static string? StringField(JsonElement evt, byte[] name) =>
        evt.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private void AddMatches((string, string) key, JsonElement evt, List<Rule> matched)
    {
        if (!_rules.TryGetValue(key, out var rules))
        {
            return;
        }

        foreach (var rule in rules)
        {
            if (rule.Pattern.Matches(evt))
            {
                matched.Add(rule);
            }
        }
    }
}
