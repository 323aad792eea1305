using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Infra.Core;

/// <summary>Writes maps, lists and scalars as block-style YAML.</summary>
/// <remarks>
/// Strings are plain only when they cannot be read as anything else; otherwise they are double-quoted with JSON escapes,
/// which YAML reads the same way. Ordinary dictionaries are written sorted; key/value lists keep their order.
/// </remarks>
internal static partial class YamlWriter
{
    private static readonly JsonSerializerOptions QuotedString = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };

    public static string Write(IEnumerable<KeyValuePair<string, object?>> document, int expectedLength = 16 * 1024)
    {
        var builder = new StringBuilder(expectedLength);
        WriteMap(builder, Entries(document), 0);
        return builder.ToString();
    }

    private static void WriteMap(StringBuilder builder, List<KeyValuePair<string, object?>> entries, int indent, int from = 0)
    {
        for (var i = from; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            builder.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(builder, value, indent + 2);
        }
    }

    private static void WriteValue(StringBuilder builder, object? value, int indent)
    {
        switch (value)
        {
            case null:
                builder.Append(" null\n");
                break;
            case string or bool or int or long or double:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                break;
            case IDictionary or IEnumerable<KeyValuePair<string, object?>>:
                var entries = Entries(value);
                if (entries.Count == 0)
                {
                    builder.Append(" {}\n");
                    break;
                }

                builder.Append('\n');
                WriteMap(builder, entries, indent);
                break;
            case IEnumerable sequence:
                var items = sequence.Cast<object?>().ToList();
                if (items.Count == 0)
                {
                    builder.Append(" []\n");
                    break;
                }

                builder.Append('\n');
                foreach (var item in items)
                {
                    builder.Append(' ', indent).Append('-');
                    if (item is IDictionary or IEnumerable<KeyValuePair<string, object?>> && Entries(item) is { Count: > 0 } map)
                    {
                        // The first key shares the dash's line; the rest line up under it.
                        builder.Append(' ');
                        builder.Append(Key(map[0].Key)).Append(':');
                        WriteValue(builder, map[0].Value, indent + 4);
                        WriteMap(builder, map, indent + 2, from: 1);
                    }
                    else
                    {
                        WriteValue(builder, item, indent + 2);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot write a {value.GetType().Name} as YAML.");
        }
    }

    private static List<KeyValuePair<string, object?>> Entries(object value) => value switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs when value is not IDictionary => [.. pairs],
        IDictionary dictionary => Sorted([.. Pairs(dictionary)]),
        _ => throw new InvalidOperationException("Not a map."),
    };

    // Most maps are SortedDictionary instances with the ordinal comparer already; checking the order is cheaper than sorting again.
    private static List<KeyValuePair<string, object?>> Sorted(List<KeyValuePair<string, object?>> entries)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0)
            {
                return [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal)];
            }
        }

        return entries;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Pairs(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return new KeyValuePair<string, object?>((string)entry.Key, entry.Value);
        }
    }

    private static string Key(string key) =>
        PlainKey().IsMatch(key) && !key.EndsWith(':') && !Reserved.Contains(key) ? key : Quote(key);

    private static string Scalar(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        string text when PlainString().IsMatch(text) && !Reserved.Contains(text) => text,
        string text => Quote(text),
        _ => throw new InvalidOperationException($"Not a scalar: {value.GetType().Name}."),
    };

    private static string Quote(string text) => JsonSerializer.Serialize(text, QuotedString);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_./@-]*$")]
    private static partial Regex PlainString();
}
