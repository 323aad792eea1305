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
/// <remarks>
/// A rule that pins neither field is indexed by another leaf it requires (its <see cref="EventPattern.Anchor"/>), an
/// exact value or a prefix; only rules without such a leaf are tested against every event.
/// </remarks>
internal sealed class RuleIndex
{
    private static readonly byte[] SourceName = "source"u8.ToArray();
    private static readonly byte[] DetailTypeName = "detail-type"u8.ToArray();

    // An empty string in a key stands for "any value" (the pattern does not pin that field); real values are never empty.
    private readonly Dictionary<(string Source, string DetailType), List<Rule>> _rules = [];
    private readonly Dictionary<string, Rule> _byName = new(StringComparer.Ordinal);
    private readonly List<AnchorIndex> _anchors = [];

    public bool TryGet(string name, out Rule rule) => _byName.TryGetValue(name, out rule!);

    public void Add(Rule rule)
    {
        _byName.Add(rule.Name, rule);
        var sources = KeysOf(rule.Pattern.ExactSources).ToList();
        var detailTypes = KeysOf(rule.Pattern.ExactDetailTypes).ToList();
        if (sources is [{ Length: 0 }] && detailTypes is [{ Length: 0 }] && rule.Pattern.Anchor is { } anchor)
        {
            AnchorFor(anchor.Path).Add(anchor, rule);
            return;
        }

        foreach (var source in sources)
        {
            foreach (var detailType in detailTypes)
            {
                if (!_rules.TryGetValue((source, detailType), out var list))
                {
                    _rules[(source, detailType)] = list = [];
                }

                list.Add(rule);
            }
        }
    }

    private AnchorIndex AnchorFor(IReadOnlyList<string> path)
    {
        foreach (var index in _anchors)
        {
            if (index.Path.SequenceEqual(path, StringComparer.Ordinal))
            {
                return index;
            }
        }

        var created = new AnchorIndex(path);
        _anchors.Add(created);
        return created;
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
        if (_anchors.Count > 0)
        {
            AddAnchoredMatches(evt, matched);
        }

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

    private void AddAnchoredMatches(JsonElement evt, List<Rule> matched)
    {
        var candidates = new List<Rule>();
        foreach (var anchor in _anchors)
        {
            anchor.AddCandidates(evt, candidates);
        }

        if (candidates.Count > 1)
        {
            // An event whose anchored field is an array can reach the same rule through several elements.
            candidates.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        Rule? previous = null;
        foreach (var rule in candidates)
        {
            if (!ReferenceEquals(rule, previous) && rule.Pattern.Matches(evt))
            {
                matched.Add(rule);
            }

            previous = rule;
        }
    }

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

/// <summary>
/// The rules anchored on one path (say <c>detail.customerId</c>): by the exact strings they accept there, and by the
/// case-sensitive prefixes they accept, grouped by prefix length so that a value costs one look-up per distinct length.
/// </summary>
internal sealed class AnchorIndex(IReadOnlyList<string> path)
{
    private readonly byte[][] _utf8Path = [.. path.Select(System.Text.Encoding.UTF8.GetBytes)];
    private readonly Dictionary<string, List<Rule>> _exact = new(StringComparer.Ordinal);
    private readonly SortedList<int, Dictionary<string, List<Rule>>> _prefixesByLength = [];

    public IReadOnlyList<string> Path { get; } = path;

    public void Add(AnchorLeaf anchor, Rule rule)
    {
        foreach (var value in anchor.Exact.Distinct(StringComparer.Ordinal))
        {
            AddTo(_exact, value, rule);
        }

        foreach (var prefix in anchor.Prefixes.Distinct(StringComparer.Ordinal))
        {
            if (!_prefixesByLength.TryGetValue(prefix.Length, out var byPrefix))
            {
                _prefixesByLength[prefix.Length] = byPrefix = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
            }

            AddTo(byPrefix, prefix, rule);
        }
    }

    private static void AddTo(Dictionary<string, List<Rule>> map, string key, Rule rule)
    {
        if (!map.TryGetValue(key, out var rules))
        {
            map[key] = rules = [];
        }

        rules.Add(rule);
    }

    /// <summary>Adds every rule whose anchor accepts a string found at the path, walking arrays as the pattern matcher does.</summary>
    public void AddCandidates(JsonElement value, List<Rule> candidates) => Walk(value, 0, candidates);

    private void Walk(JsonElement value, int depth, List<Rule> candidates)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                // AWS matches a field holding an array when any element matches, at every level of the path.
                foreach (var element in value.EnumerateArray())
                {
                    Walk(element, depth, candidates);
                }

                break;
            case JsonValueKind.Object when depth < _utf8Path.Length:
                if (value.TryGetProperty(_utf8Path[depth], out var child))
                {
                    Walk(child, depth + 1, candidates);
                }

                break;
            case JsonValueKind.String when depth == _utf8Path.Length:
                AddCandidates(value.GetString()!, candidates);
                break;
        }
    }

    private void AddCandidates(string text, List<Rule> candidates)
    {
        if (_exact.TryGetValue(text, out var exact))
        {
            candidates.AddRange(exact);
        }

        foreach (var (length, byPrefix) in _prefixesByLength)
        {
            if (length > text.Length)
            {
                break;
            }

            if (byPrefix.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text.AsSpan(0, length), out var rules))
            {
                candidates.AddRange(rules);
            }
        }
    }
}
