using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Platform.Tests.Infra;

/// <summary>A rendered Pulumi YAML program, parsed back for assertions.</summary>
internal sealed partial class RenderedProgram
{
    private RenderedProgram(string text, Dictionary<object, object?> root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public Dictionary<object, object?> Root { get; }

    public Dictionary<object, object?> Resources => Map(Root["resources"]);

    public Dictionary<object, object?> Outputs => Map(Root["outputs"]);

    public Dictionary<object, object?> Config => Root.TryGetValue("config", out var config) ? Map(config) : [];

    /// <summary>The program's variables (provider function calls), by name.</summary>
    public Dictionary<object, object?> Variables => Root.TryGetValue("variables", out var variables) ? Map(variables) : [];

    public static RenderedProgram Parse(string text) =>
        new(text, new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(text));

    public static RenderedProgram Stack(string stack) => Parse(Rendering.RenderStack(stack));

    /// <summary>Resources of a type, by logical name.</summary>
    public IEnumerable<Resource> OfType(string type) =>
        Resources.Select(r => new Resource((string)r.Key, Map(r.Value))).Where(r => r.Type == type).OrderBy(r => r.Name, StringComparer.Ordinal);

    public Resource Get(string name) => new(name, Map(Resources[name]));

    public static Dictionary<object, object?> Map(object? value) =>
        value as Dictionary<object, object?> ?? throw new InvalidOperationException($"Not a map: {value}");

    public static List<object?> List(object? value) =>
        value as List<object?> ?? throw new InvalidOperationException($"Not a list: {value}");

    /// <summary>The logical name in a reference like <c>${name.arn}</c>.</summary>
    public static string ReferencedName(object? value)
    {
        var match = SingleReference().Match((string)value!);
        Assert.True(match.Success, $"'{value}' is not a single reference.");
        return match.Groups["name"].Value;
    }

    /// <summary>Every <c>${a}</c> or <c>${a.b}</c> in the program's strings (escaped <c>$${</c> excluded).</summary>
    public IEnumerable<(string Name, string? Property)> References() =>
        Strings(Root).SelectMany(s => AnyReference().Matches(s))
            .Select(m => (m.Groups["name"].Value, m.Groups["property"].Success ? m.Groups["property"].Value : null));

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string text => [text],
        Dictionary<object, object?> map => map.Values.SelectMany(Strings),
        List<object?> list => list.SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z0-9_:-]+)(\.(?<property>[A-Za-z0-9_]+))?\}$")]
    private static partial Regex SingleReference();

    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z0-9_:-]+)(\.(?<property>[A-Za-z0-9_]+))?\}")]
    private static partial Regex AnyReference();

    internal sealed record Resource(string Name, Dictionary<object, object?> Node)
    {
        public string Type => (string)Node["type"]!;

        public Dictionary<object, object?> Properties => Node.TryGetValue("properties", out var p) ? Map(p) : [];

        public Dictionary<object, object?> Options => Node.TryGetValue("options", out var o) ? Map(o) : [];

        public object? this[string property] => Properties.GetValueOrDefault(property);

        public Dictionary<object, object?> Object(string property) => Map(Properties[property]);

        /// <summary>The object inside a <c>fn::toJSON</c> property.</summary>
        public Dictionary<object, object?> Json(string property) => Map(Object(property)["fn::toJSON"]);

        public int Int(string property) => int.Parse((string)Properties[property]!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
