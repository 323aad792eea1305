namespace Platform.Local.EventBus.Internal;

/// <summary>An EventBridge wildcard: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are a literal star and backslash.</summary>
internal sealed class Wildcard
{
    private readonly string[] _parts;

    private Wildcard(string[] parts) => _parts = parts;

    /// <summary>Parses the pattern, with event-ruler's reasons for consecutive wildcards and invalid escapes (positions in UTF-8 bytes).</summary>
    public static Wildcard Parse(string pattern)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var bytePosition = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    throw new InvalidEventPatternException("Consecutive wildcard characters at pos " + bytePosition);
                }

                parts.Add(current.ToString());
                current.Clear();
            }
            else if (c == '\\')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
                {
                    current.Append(pattern[i + 1]);
                    i++;
                    bytePosition++;
                }
                else
                {
                    throw new InvalidEventPatternException("Invalid escape character at pos " + bytePosition);
                }
            }
            else
            {
                current.Append(c);
            }

            bytePosition += char.IsHighSurrogate(c) ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsLowSurrogate(c) ? 0 : 3;
        }

        parts.Add(current.ToString());
        return new Wildcard([.. parts]);
    }

    public bool Matches(string value)
    {
        if (_parts.Length == 1)
        {
            return string.Equals(value, _parts[0], StringComparison.Ordinal);
        }

        var first = _parts[0];
        var last = _parts[^1];
        if (value.Length < first.Length + last.Length ||
            !value.StartsWith(first, StringComparison.Ordinal) ||
            !value.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        var end = value.Length - last.Length;
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var part = _parts[i];
            var found = value.AsSpan(position, end - position).IndexOf(part, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position += found + part.Length;
        }

        return true;
    }
}
