using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Validators;

/// <summary>Reads fields of a JSON document strictly, collecting one problem per wrong field instead of stopping at the first.</summary>
/// <remarks>Problems name the field by its path and say what is expected; they never echo the value, which may be personal data.</remarks>
public sealed class JsonFieldReader
{
    private readonly List<FieldProblem> _problems = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<FieldProblem> Problems => _problems;

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => _problems.Count == 0;

    /// <summary>Records a problem.</summary>
    public void Fail(string field, string message) => _problems.Add(new FieldProblem(field, message));

    /// <summary>Checks that <paramref name="element"/> is an object with no fields other than <paramref name="allowed"/>.</summary>
    public bool ObjectWith(JsonElement element, string path, params ReadOnlySpan<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(Display(path), "must be a JSON object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            var known = false;
            foreach (var name in allowed)
            {
                if (string.Equals(name, property.Name, StringComparison.Ordinal))
                {
                    known = true;
                    break;
                }
            }

            if (!known)
            {
                Fail(Join(path, property.Name), "is not a known field");
            }
        }

        return true;
    }

    /// <summary>Reads a string field with length limits (in characters) and an optional pattern.</summary>
    public string? Text(JsonElement parent, string path, string name, bool required, int minLength, int maxLength, Regex? pattern = null, string? patternHint = null)
    {
        var field = Join(path, name);
        if (!TryGet(parent, name, field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length < minLength || text.Length > maxLength)
        {
            Fail(field, minLength == maxLength ? $"must be {minLength} characters" : $"must be {minLength} to {maxLength} characters");
            return null;
        }

        if (text.Any(char.IsControl))
        {
            Fail(field, "must not contain control characters");
            return null;
        }

        if (pattern is not null && !pattern.IsMatch(text))
        {
            Fail(field, patternHint ?? "has an invalid format");
            return null;
        }

        return text;
    }

    /// <summary>Reads an integer field within an inclusive range.</summary>
    public long? WholeNumber(JsonElement parent, string path, string name, bool required, long minimum, long maximum)
    {
        var field = Join(path, name);
        if (!TryGet(parent, name, field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail(field, "must be a whole number");
            return null;
        }

        if (number < minimum || number > maximum)
        {
            Fail(field, $"must be between {minimum} and {maximum}");
            return null;
        }

        return number;
    }

    /// <summary>Reads an array field with a count range; returns its elements.</summary>
    public IReadOnlyList<JsonElement>? List(JsonElement parent, string path, string name, bool required, int minItems, int maxItems)
    {
        var field = Join(path, name);
        if (!TryGet(parent, name, field, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(field, "must be an array");
            return null;
        }

        var count = value.GetArrayLength();
        if (count < minItems || count > maxItems)
        {
            Fail(field, $"must have {minItems} to {maxItems} items");
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>The path of an array element.</summary>
    public static string Index(string path, string name, int index) => $"{Join(path, name)}[{index}]";

    private bool TryGet(JsonElement parent, string name, string field, bool required, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        if (required)
        {
            Fail(field, "is required");
        }

        return false;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Display(string path) => path.Length == 0 ? "body" : path;
}
