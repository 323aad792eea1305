using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>One alternative of a pattern's value list, tested against one leaf of the event.</summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(ref LeafValue leaf);
}

/// <summary><c>{"exists": true|false}</c>; evaluated by <see cref="FieldPattern"/>, which knows whether the field has leaves.</summary>
internal sealed class ExistsMatcher(bool exists) : ValueMatcher
{
    public bool Exists { get; } = exists;

    public override bool Matches(ref LeafValue leaf) => Exists;
}

internal sealed class ExactStringMatcher(string value) : ValueMatcher
{
    private readonly byte[] _utf8 = System.Text.Encoding.UTF8.GetBytes(value);

    public string Value { get; } = value;

    public override bool Matches(ref LeafValue leaf) => leaf.Kind == JsonValueKind.String && leaf.Element.ValueEquals(_utf8);
}

/// <summary>A string pattern that is an IP literal also matches other spellings of the same address (event-ruler compares addresses).</summary>
internal sealed class ExactIpMatcher(string value, byte[] address) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) =>
        leaf.Kind == JsonValueKind.String &&
        (leaf.Element.ValueEquals(value) || (IpLiteral.TryParse(leaf.String, out var other) && other.AsSpan().SequenceEqual(address)));
}

/// <summary>A number pattern: equal numbers match whatever their spelling; numbers outside the comparable range match by text.</summary>
internal sealed class ExactNumberMatcher(string raw, long? scaled) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf)
    {
        if (leaf.Kind != JsonValueKind.Number)
        {
            return false;
        }

        if (scaled is { } expected && leaf.TryGetScaled(out var actual))
        {
            return actual == expected;
        }

        return string.Equals(leaf.Element.GetRawText(), raw, StringComparison.Ordinal);
    }
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed class ExactLiteralMatcher(JsonValueKind kind) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) => leaf.Kind == kind;
}

internal sealed class PrefixMatcher(string prefix, bool ignoreCase) : ValueMatcher
{
    public string Prefix { get; } = prefix;

    public bool IgnoreCase { get; } = ignoreCase;

    public override bool Matches(ref LeafValue leaf) =>
        leaf.Kind == JsonValueKind.String && leaf.String.StartsWith(Prefix, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class SuffixMatcher(string suffix, bool ignoreCase) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) =>
        leaf.Kind == JsonValueKind.String && leaf.String.EndsWith(suffix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class EqualsIgnoreCaseMatcher(string value) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) =>
        leaf.Kind == JsonValueKind.String && string.Equals(leaf.String, value, StringComparison.OrdinalIgnoreCase);
}

internal sealed class WildcardMatcher(Wildcard wildcard) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) => leaf.Kind == JsonValueKind.String && wildcard.Matches(leaf.String);
}

/// <summary><c>{"numeric": [...]}</c> as one interval over numbers scaled by 10^6.</summary>
internal sealed class NumericRangeMatcher(long bottom, bool openBottom, long top, bool openTop) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf)
    {
        if (!leaf.TryGetScaled(out var value))
        {
            return false;
        }

        return (openBottom ? value > bottom : value >= bottom) && (openTop ? value < top : value <= top);
    }
}

internal sealed class CidrMatcher(byte[] network, int bits) : ValueMatcher
{
    public override bool Matches(ref LeafValue leaf) =>
        leaf.Kind == JsonValueKind.String && IpLiteral.TryParse(leaf.String, out var address) && IpLiteral.SamePrefix(address, network, bits);
}

/// <summary>What an <c>anything-but</c> excludes.</summary>
internal enum AnythingButKind
{
    Strings,
    Numbers,
    IgnoreCase,
    Prefix,
    Suffix,
    Wildcard,
}

/// <summary><c>{"anything-but": ...}</c> in all its forms: a present leaf that none of the excluded values describes.</summary>
internal sealed class AnythingButMatcher : ValueMatcher
{
    private readonly AnythingButKind _kind;
    private readonly HashSet<string> _strings;
    private readonly HashSet<long> _numbers;
    private readonly string[] _values;
    private readonly Wildcard[] _wildcards;

    public AnythingButMatcher(AnythingButKind kind, IReadOnlyList<string> values)
    {
        _kind = kind;
        _values = [.. values];
        _strings = new HashSet<string>(values, kind == AnythingButKind.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        _numbers = [];
        _wildcards = kind == AnythingButKind.Wildcard ? [.. values.Select(Wildcard.Parse)] : [];
    }

    public AnythingButMatcher(IReadOnlyList<long> numbers)
    {
        _kind = AnythingButKind.Numbers;
        _values = [];
        _strings = [];
        _numbers = [.. numbers];
        _wildcards = [];
    }

    public override bool Matches(ref LeafValue leaf) => !Excludes(ref leaf);

    private bool Excludes(ref LeafValue leaf)
    {
        if (_kind == AnythingButKind.Numbers)
        {
            return leaf.TryGetScaled(out var scaled) && _numbers.Contains(scaled);
        }

        if (leaf.Kind != JsonValueKind.String)
        {
            return false;
        }

        var text = leaf.String;
        switch (_kind)
        {
            case AnythingButKind.Strings:
            case AnythingButKind.IgnoreCase:
                return _strings.Contains(text);
            case AnythingButKind.Prefix:
                return _values.Any(v => text.StartsWith(v, StringComparison.Ordinal));
            case AnythingButKind.Suffix:
                return _values.Any(v => text.EndsWith(v, StringComparison.Ordinal));
            default:
                return _wildcards.Any(w => w.Matches(text));
        }
    }
}
