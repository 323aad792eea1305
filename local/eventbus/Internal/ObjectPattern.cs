using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>A pattern object: every field must match, and each <c>$or</c> group must have a matching branch.</summary>
internal sealed class ObjectPattern(FieldPattern[] fields, ObjectPattern[][] orGroups)
{
    private readonly FieldPattern[] _fields = fields;
    private readonly ObjectPattern[][] _orGroups = orGroups;

    /// <summary>True when an absent value satisfies the whole object (only <c>exists: false</c> leaves).</summary>
    public bool MatchesAbsent { get; } =
        fields.All(f => f.MatchesAbsent) && orGroups.All(g => g.Any(b => b.MatchesAbsent));

    public bool MatchesValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return MatchesObject(value);
            case JsonValueKind.Array:
                // Each element is matched as a whole, so fields matched under an array come from the same element (event-ruler's array consistency).
                var any = false;
                foreach (var element in value.EnumerateArray())
                {
                    any = true;
                    if (MatchesValue(element))
                    {
                        return true;
                    }
                }

                return !any && MatchesAbsent;
            default:
                return MatchesAbsent;
        }
    }

    private bool MatchesObject(JsonElement obj)
    {
        foreach (var field in _fields)
        {
            if (!field.Matches(obj))
            {
                return false;
            }
        }

        foreach (var group in _orGroups)
        {
            var matched = false;
            foreach (var branch in group)
            {
                if (branch.MatchesObject(obj))
                {
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A leaf outside any <c>$or</c> that every matching event must have, with only exact strings and case-sensitive
    /// prefixes as its values, so that an index on that path finds every event the pattern can match; null when none.
    /// </summary>
    /// <remarks>A leaf of exact strings only is preferred: its look-up is one hash probe per value.</remarks>
    public AnchorLeaf? FindAnchor()
    {
        AnchorLeaf? withPrefixes = null;
        foreach (var field in _fields)
        {
            var anchor = field.FindAnchor();
            if (anchor is null)
            {
                continue;
            }

            if (anchor.Prefixes.Count == 0)
            {
                return anchor;
            }

            withPrefixes ??= anchor;
        }

        return withPrefixes;
    }

    /// <summary>The exact string values a top-level field is pinned to, when the pattern pins it outside any <c>$or</c>.</summary>
    public IReadOnlyList<string>? ExactValuesOf(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Name == name)
            {
                return field.ExactStrings();
            }
        }

        return null;
    }
}

/// <summary>One named field of a pattern object: either a nested object or a list of value matchers (OR).</summary>
internal sealed class FieldPattern
{
    private readonly byte[] _utf8Name;
    private readonly ObjectPattern? _child;
    private readonly ValueMatcher[] _matchers;
    private readonly bool _existsTrue;
    private readonly bool _existsFalse;

    public FieldPattern(string name, ObjectPattern child)
    {
        Name = name;
        _utf8Name = System.Text.Encoding.UTF8.GetBytes(name);
        _child = child;
        _matchers = [];
        MatchesAbsent = child.MatchesAbsent;
    }

    public FieldPattern(string name, IReadOnlyList<ValueMatcher> matchers)
    {
        Name = name;
        _utf8Name = System.Text.Encoding.UTF8.GetBytes(name);
        _existsTrue = matchers.Any(m => m is ExistsMatcher { Exists: true });
        _existsFalse = matchers.Any(m => m is ExistsMatcher { Exists: false });
        _matchers = [.. matchers.Where(m => m is not ExistsMatcher)];
        MatchesAbsent = _existsFalse;
    }

    public string Name { get; }

    public bool MatchesAbsent { get; }

    public bool Matches(JsonElement obj)
    {
        if (!obj.TryGetProperty(_utf8Name, out var value))
        {
            return MatchesAbsent;
        }

        return _child is not null ? _child.MatchesValue(value) : MatchesLeaves(value);
    }

    private bool MatchesLeaves(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            // An object is not a leaf: as in event-ruler, no value exists at this path.
            return _existsFalse;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return _existsTrue || MatchesLeaf(value);
        }

        var anyLeaf = false;
        if (AnyLeafMatches(value, ref anyLeaf))
        {
            return true;
        }

        return anyLeaf ? _existsTrue : _existsFalse;
    }

    private bool AnyLeafMatches(JsonElement array, ref bool anyLeaf)
    {
        foreach (var element in array.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    if (AnyLeafMatches(element, ref anyLeaf))
                    {
                        return true;
                    }

                    break;
                case JsonValueKind.Object:
                    break;
                default:
                    anyLeaf = true;
                    if (_existsTrue || MatchesLeaf(element))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private bool MatchesLeaf(JsonElement leaf)
    {
        var value = new LeafValue(leaf);
        foreach (var matcher in _matchers)
        {
            if (matcher.Matches(ref value))
            {
                return true;
            }
        }

        return false;
    }

    public AnchorLeaf? FindAnchor()
    {
        if (_child is not null)
        {
            return _child.FindAnchor() is { } inner ? inner with { Path = [Name, .. inner.Path] } : null;
        }

        if (_existsTrue || _existsFalse || _matchers.Length == 0)
        {
            return null;
        }

        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var matcher in _matchers)
        {
            switch (matcher)
            {
                case ExactStringMatcher value:
                    exact.Add(value.Value);
                    break;
                case PrefixMatcher { IgnoreCase: false } prefix:
                    prefixes.Add(prefix.Prefix);
                    break;
                default:
                    return null;
            }
        }

        return new AnchorLeaf([Name], exact, prefixes);
    }

    public IReadOnlyList<string>? ExactStrings()
    {
        if (_child is not null || _existsTrue || _existsFalse || _matchers.Length == 0)
        {
            return null;
        }

        var values = new List<string>();
        foreach (var matcher in _matchers)
        {
            if (matcher is not ExactStringMatcher exact)
            {
                return null;
            }

            values.Add(exact.Value);
        }

        return values;
    }
}

/// <summary>A path to a leaf and the only exact strings or prefixes (case-sensitive) a matching event can have there.</summary>
internal sealed record AnchorLeaf(IReadOnlyList<string> Path, IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes);
