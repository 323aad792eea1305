using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Tests.Domain.Contracts;

/// <summary>
/// A JSON Schema (2020-12) validator for the subset the contract files use. A keyword outside the subset throws, so a
/// schema that starts using one cannot pass unchecked.
/// </summary>
/// <remarks>
/// Patterns follow ECMA-262: <c>$</c> matches only at the very end (in .NET it also matches before a final newline).
/// <c>format: date-time</c> is asserted as RFC 3339 <c>date-time</c>.
/// </remarks>
internal static partial class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description" };

    /// <summary>The violations of <paramref name="instance"/>, each as <c>path: keyword</c>; empty when it validates.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"Schema at {Display(path)} is not an object; boolean schemas are outside the subset.");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            var ok = keyword.Name switch
            {
                "type" => TypeMatches(rule, value),
                "const" => JsonElement.DeepEquals(rule, value),
                "enum" => rule.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)),
                "required" => CheckRequired(rule, value, path, errors),
                "properties" => CheckProperties(rule, value, path, errors),
                "additionalProperties" => CheckAdditional(schema, rule, value, path, errors),
                "minimum" => value.ValueKind != JsonValueKind.Number || value.GetDouble() >= rule.GetDouble(),
                "maximum" => value.ValueKind != JsonValueKind.Number || value.GetDouble() <= rule.GetDouble(),
                "pattern" => value.ValueKind != JsonValueKind.String || Ecma(rule.GetString()!).IsMatch(value.GetString()!),
                "minLength" => value.ValueKind != JsonValueKind.String || CodePoints(value.GetString()!) >= rule.GetInt32(),
                "maxLength" => value.ValueKind != JsonValueKind.String || CodePoints(value.GetString()!) <= rule.GetInt32(),
                "items" => CheckItems(rule, value, path, errors),
                "minItems" => value.ValueKind != JsonValueKind.Array || value.GetArrayLength() >= rule.GetInt32(),
                "maxItems" => value.ValueKind != JsonValueKind.Array || value.GetArrayLength() <= rule.GetInt32(),
                "format" => CheckFormat(rule.GetString()!, value),
                _ when Annotations.Contains(keyword.Name) => true,
                _ => throw new NotSupportedException($"Keyword {keyword.Name} at {Display(path)} is outside the validator's subset."),
            };

            if (!ok)
            {
                errors.Add($"{Display(path)}: {keyword.Name}");
            }
        }
    }

    private static bool TypeMatches(JsonElement rule, JsonElement value) => rule.ValueKind == JsonValueKind.Array
        ? rule.EnumerateArray().Any(t => IsType(t.GetString()!, value))
        : IsType(rule.GetString()!, value);

    private static bool IsType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && Math.Floor(value.GetDouble()) == value.GetDouble(),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"Type {type} is unknown."),
    };

    private static bool CheckRequired(JsonElement rule, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var name in rule.EnumerateArray().Select(n => n.GetString()!))
        {
            if (!value.TryGetProperty(name, out _))
            {
                errors.Add($"{Join(path, name)}: required");
            }
        }

        return true;
    }

    private static bool CheckProperties(JsonElement rule, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (rule.TryGetProperty(property.Name, out var subschema))
            {
                Check(subschema, property.Value, Join(path, property.Name), errors);
            }
        }

        return true;
    }

    private static bool CheckAdditional(JsonElement schema, JsonElement rule, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
        foreach (var property in value.EnumerateObject())
        {
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(property.Name, out _))
            {
                continue;
            }

            if (rule.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{Join(path, property.Name)}: additionalProperties");
            }
            else if (rule.ValueKind == JsonValueKind.Object)
            {
                Check(rule, property.Value, Join(path, property.Name), errors);
            }
        }

        return true;
    }

    private static bool CheckItems(JsonElement rule, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            Check(rule, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), errors);
        }

        return true;
    }

    private static bool CheckFormat(string format, JsonElement value)
    {
        if (format != "date-time")
        {
            throw new NotSupportedException($"Format {format} is outside the validator's subset.");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var text = value.GetString()!;
        return Rfc3339DateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static Regex Ecma(string pattern) =>
        new(pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern[..^1] + "\\z" : pattern, RegexOptions.CultureInvariant);

    private static int CodePoints(string text) => text.Length - text.Count(char.IsLowSurrogate);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339DateTime();
}
