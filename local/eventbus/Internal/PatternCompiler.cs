using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>Compiles and validates an event pattern with the rules and reasons of AWS's event-ruler.</summary>
internal static class PatternCompiler
{
    private const string Or = "$or";

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "anything-but", "prefix", "suffix", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard",
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static ObjectPattern Compile(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidEventPatternException(e.Message, e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Filter is not an object");
            }

            return CompileObject(root, insideOr: false);
        }
    }

    private static InvalidEventPatternException Invalid(string reason) => new(reason);

    private static ObjectPattern CompileObject(JsonElement obj, bool insideOr)
    {
        // Later duplicates override earlier ones, as event-ruler does by default.
        var fields = new Dictionary<string, FieldPattern>(StringComparer.Ordinal);
        var order = new List<string>();
        var orGroups = new List<ObjectPattern[]>();
        foreach (var property in obj.EnumerateObject())
        {
            var name = property.Name;
            if (name == Or)
            {
                orGroups.Add(CompileOr(property.Value));
                continue;
            }

            if (insideOr && Operators.Contains(name))
            {
                throw Invalid(name + " is Ruler reserved fieldName which cannot be used inside " + Or + ".");
            }

            var field = property.Value.ValueKind switch
            {
                JsonValueKind.Object => new FieldPattern(name, CompileObject(property.Value, insideOr)),
                JsonValueKind.Array => new FieldPattern(name, CompileValues(property.Value)),
                _ => throw Invalid($"\"{name}\" must be an object or an array"),
            };
            if (!fields.ContainsKey(name))
            {
                order.Add(name);
            }

            fields[name] = field;
        }

        if (order.Count == 0 && orGroups.Count == 0)
        {
            throw Invalid("Empty objects are not allowed");
        }

        return new ObjectPattern([.. order.Select(n => fields[n])], [.. orGroups]);
    }

    private static ObjectPattern[] CompileOr(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("It must be an Array followed with " + Or + ".");
        }

        var branches = new List<ObjectPattern>();
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Only JSON object is allowed in array of " + Or + " relationship.");
            }

            branches.Add(CompileObject(element, insideOr: true));
        }

        return branches.Count < 2 ? throw Invalid("There must have at least 2 Objects in " + Or + " relationship.") : [.. branches];
    }

    private static List<ValueMatcher> CompileValues(JsonElement array)
    {
        var matchers = new List<ValueMatcher>();
        foreach (var element in array.EnumerateArray())
        {
            matchers.Add(element.ValueKind switch
            {
                JsonValueKind.Object => CompileMatchExpression(element),
                JsonValueKind.String => ExactString(element.GetString()!),
                JsonValueKind.Number => ExactNumber(element),
                JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => new ExactLiteralMatcher(element.ValueKind),
                _ => throw Invalid("Match value must be String, number, true, false, or null"),
            });
        }

        return matchers.Count == 0 ? throw Invalid("Empty arrays are not allowed") : matchers;
    }

    private static ValueMatcher ExactString(string value) =>
        IpLiteral.TryParse(value, out var address) ? new ExactIpMatcher(value, address) : new ExactStringMatcher(value);

    private static ExactNumberMatcher ExactNumber(JsonElement number)
    {
        // A number that is not comparable (an account id, say) still matches by its text.
        long? scaled = ComparableNumber.TryParse(number, out var value) ? value : null;
        return new ExactNumberMatcher(number.GetRawText(), scaled);
    }

    private static ValueMatcher CompileMatchExpression(JsonElement expression)
    {
        using var properties = expression.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw Invalid("Match expression name not found");
        }

        var property = properties.Current;
        var moreThanOne = properties.MoveNext();
        var value = property.Value;
        if (moreThanOne)
        {
            throw Invalid(property.Name is "numeric" or "anything-but" ? "Too many elements in numeric expression" : "Only one key allowed in match expression");
        }

        return property.Name switch
        {
            "prefix" => CompilePrefixOrSuffix(value, prefix: true),
            "suffix" => CompilePrefixOrSuffix(value, prefix: false),
            "equals-ignore-case" => new EqualsIgnoreCaseMatcher(RequireString(value, "equals-ignore-case match pattern must be a string")),
            "wildcard" => new WildcardMatcher(Wildcard.Parse(RequireString(value, "wildcard match pattern must be a string"))),
            "numeric" => value.ValueKind == JsonValueKind.Array ? CompileNumeric(value) : throw Invalid("Value of numeric must be an array."),
            "exists" => value.ValueKind switch
            {
                JsonValueKind.True => new ExistsMatcher(true),
                JsonValueKind.False => new ExistsMatcher(false),
                _ => throw Invalid("exists match pattern must be either true or false."),
            },
            "cidr" => CompileCidr(RequireString(value, "prefix match pattern must be a string")),
            "anything-but" => CompileAnythingBut(value),
            _ => throw Invalid("Unrecognized match type " + property.Name),
        };
    }

    private static string RequireString(JsonElement value, string reason) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(reason);

    private static ValueMatcher CompilePrefixOrSuffix(JsonElement value, bool prefix)
    {
        var kind = prefix ? "prefix" : "suffix";
        var display = prefix ? "Prefix" : "Suffix";
        if (value.ValueKind == JsonValueKind.Object)
        {
            using var properties = value.EnumerateObject();
            if (!properties.MoveNext())
            {
                throw Invalid(display + " expression name not found");
            }

            var inner = properties.Current;
            if (inner.Name != "equals-ignore-case")
            {
                throw Invalid($"Unsupported {kind} pattern: {inner.Name}");
            }

            var text = RequireString(inner.Value, "equals-ignore-case match pattern must be a string");
            if (properties.MoveNext())
            {
                throw Invalid("Only one key allowed in match expression");
            }

            return prefix ? new PrefixMatcher(text, ignoreCase: true) : new SuffixMatcher(text, ignoreCase: true);
        }

        var plain = RequireString(value, kind + " match pattern must be a string");
        return prefix ? new PrefixMatcher(plain, ignoreCase: false) : new SuffixMatcher(plain, ignoreCase: false);
    }

    private static NumericRangeMatcher CompileNumeric(JsonElement array)
    {
        var terms = array.EnumerateArray().ToList();
        if (terms.Count == 0 || terms[0].ValueKind != JsonValueKind.String)
        {
            throw Invalid("Invalid member in numeric match: " + (terms.Count == 0 ? "]" : terms[0].GetRawText()));
        }

        var op = terms[0].GetString()!;
        if (op is not ("=" or ">" or ">=" or "<" or "<="))
        {
            throw Invalid("Unrecognized numeric range operator: " + op);
        }

        var first = NumberTerm(terms, 1, op == "=" ? "equals" : op);
        switch (op)
        {
            case "=":
                return terms.Count == 2 ? new NumericRangeMatcher(first, false, first, false) : throw TooManyElements();
            case "<" or "<=":
                return terms.Count == 2 ? Range(ComparableNumber.Min, false, first, op == "<") : throw TooManyElements();
        }

        if (terms.Count == 2)
        {
            return Range(first, op == ">", ComparableNumber.Max, false);
        }

        if (terms[2].ValueKind != JsonValueKind.String)
        {
            throw Invalid("Bad value in numeric range: " + terms[2].GetRawText());
        }

        var topOp = terms[2].GetString()!;
        if (topOp is not ("<" or "<="))
        {
            throw Invalid("Bad numeric range operator: " + topOp);
        }

        var top = NumberTerm(terms, 3, topOp);
        return terms.Count == 4 ? Range(first, op == ">", top, topOp == "<") : throw Invalid("Too many terms in numeric range expression");
    }

    private static InvalidEventPatternException TooManyElements() => Invalid("Too many elements in numeric expression");

    private static long NumberTerm(List<JsonElement> terms, int index, string op) =>
        index < terms.Count && terms[index].ValueKind == JsonValueKind.Number
            ? ComparableNumber.ParsePatternNumber(terms[index])
            : throw Invalid($"Value of {op} must be numeric");

    private static NumericRangeMatcher Range(long bottom, bool openBottom, long top, bool openTop) =>
        bottom < top ? new NumericRangeMatcher(bottom, openBottom, top, openTop) : throw Invalid("Bottom must be less than top");

    private static CidrMatcher CompileCidr(string cidr)
    {
        var slashed = cidr.Split('/');
        if (slashed.Length != 2)
        {
            throw Invalid("Malformed CIDR, one '/' required");
        }

        if (!int.TryParse(slashed[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            throw Invalid("Malformed CIDR, mask bits must be an integer");
        }

        if (bits < 0)
        {
            throw Invalid("Malformed CIDR, mask bits must not be negative");
        }

        if (!IpLiteral.TryParse(slashed[0], out var address))
        {
            throw Invalid("Nonstandard IP address: " + slashed[0]);
        }

        // event-ruler rejects a full-length mask: a single address is written as a plain string value.
        if (address.Length == 4 && bits > 31)
        {
            throw Invalid("IPv4 mask bits must be < 32");
        }

        if (address.Length == 16 && bits > 127)
        {
            throw Invalid("IPv6 mask bits must be < 128");
        }

        return new CidrMatcher(address, bits);
    }

    private static AnythingButMatcher CompileAnythingBut(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return CompilePlainAnythingBut(value);
        }

        using var properties = value.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw Invalid("Anything-But expression name not found");
        }

        var inner = properties.Current;
        var kind = inner.Name switch
        {
            "equals-ignore-case" => AnythingButKind.IgnoreCase,
            "prefix" => AnythingButKind.Prefix,
            "suffix" => AnythingButKind.Suffix,
            "wildcard" => AnythingButKind.Wildcard,
            _ => throw Invalid("Unsupported anything-but pattern: " + inner.Name),
        };
        if (properties.MoveNext())
        {
            throw TooManyElements();
        }

        var operand = inner.Value;
        var elements = operand.ValueKind switch
        {
            JsonValueKind.Array => operand.EnumerateArray().ToList(),
            JsonValueKind.String or JsonValueKind.Number => [operand],
            _ => throw Invalid("Value of anything-but must be an array or single string/number value."),
        };
        var values = new List<string>();
        foreach (var element in elements)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw Invalid(kind switch
                {
                    AnythingButKind.IgnoreCase => "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
                    AnythingButKind.Wildcard => "wildcard match pattern must be a string",
                    _ => "prefix/suffix match pattern must be a string",
                });
            }

            var text = element.GetString()!;
            if (kind is AnythingButKind.Prefix or AnythingButKind.Suffix && text.Length == 0)
            {
                throw Invalid("Null prefix/suffix not allowed");
            }

            values.Add(text);
        }

        return new AnythingButMatcher(kind, values);
    }

    private static AnythingButMatcher CompilePlainAnythingBut(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new AnythingButMatcher(AnythingButKind.Strings, [value.GetString()!]);
            case JsonValueKind.Number:
                return new AnythingButMatcher([ComparableNumber.ParsePatternNumber(value)]);
            case JsonValueKind.Array:
                break;
            default:
                throw Invalid("Value of anything-but must be an array or single string/number value.");
        }

        var strings = new List<string>();
        var numbers = new List<long>();
        foreach (var element in value.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(element.GetString()!);
                    break;
                case JsonValueKind.Number:
                    numbers.Add(ComparableNumber.ParsePatternNumber(element));
                    break;
                default:
                    throw Invalid("Inside anything but list, start|null|boolean is not supported.");
            }
        }

        if ((strings.Count > 0) == (numbers.Count > 0))
        {
            throw Invalid("Inside anything but list, either all values are number or string, mixed type is not supported");
        }

        return strings.Count > 0 ? new AnythingButMatcher(AnythingButKind.Strings, strings) : new AnythingButMatcher(numbers);
    }
}
