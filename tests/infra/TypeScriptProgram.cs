using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Tests.Infra;

/// <summary>
/// Translates a rendered Pulumi YAML program into TypeScript against @pulumi/aws: one typed object literal per resource
/// (<c>const r_create_order: aws.lambda.FunctionArgs = { … }</c>), so that tsc checks every input name and type.
/// </summary>
/// <remarks>
/// Scalars are typed as Pulumi YAML reads them: a plain <c>256</c> is a number, a quoted <c>"2.0"</c> a string.
/// References become the referenced resource's real output (<c>${create-order-role.arn}</c> is
/// <c>res_create_order_role.arn</c>, an <c>Output&lt;string&gt;</c>), interpolations <c>pulumi.concat</c>,
/// <c>fn::toJSON</c> <c>pulumi.jsonStringify</c>, <c>fn::fileArchive</c> a <c>FileArchive</c>, and a variable holding
/// <c>fn::invoke</c> a call of the function's output form (<c>aws.getCallerIdentityOutput({}, { version })</c>), so tsc checks
/// its arguments and options and a reference to a field it does not return.
/// </remarks>
internal static partial class TypeScriptProgram
{
    private static readonly JsonSerializerOptions StringLiteral = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The program as a TypeScript module; <paramref name="outputTypes"/> types the stack outputs (name → TS type).</summary>
    public static string Generate(string yaml, IReadOnlyDictionary<string, string>? outputTypes = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var config = Mapping(root, "config");
        var variables = Mapping(root, "variables");
        var resources = Mapping(root, "resources") ?? throw new InvalidOperationException("The program has no resources.");
        var outputs = Mapping(root, "outputs");

        var names = new Names(
            resources.Children.Keys.Select(Text).ToList(),
            config?.Children.Keys.Select(Text).ToList() ?? [],
            variables?.Children.Keys.Select(Text).ToList() ?? []);
        var source = new StringBuilder();
        source.AppendLine("import * as pulumi from \"@pulumi/pulumi\";");
        source.AppendLine("import * as aws from \"@pulumi/aws\";");
        source.AppendLine();

        foreach (var (key, declaration) in config?.Children.ToList() ?? [])
        {
            var type = Text(((YamlMappingNode)declaration).Children[new YamlScalarNode("type")]);
            source.AppendLine(CultureInfo.InvariantCulture, $"declare const {Names.Config(Text(key))}: pulumi.Output<{ConfigType(type)}>;");
        }

        var resourceTypes = resources.Children.ToDictionary(r => Text(r.Key), r => TypePath(Text(((YamlMappingNode)r.Value).Children[new YamlScalarNode("type")])));
        foreach (var (name, type) in resourceTypes)
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"declare const {Names.Resource(name)}: {type};");
        }

        source.AppendLine();
        foreach (var (key, node) in variables?.Children.ToList() ?? [])
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"export const {Names.Variable(Text(key))} = {Value(node, names, 0)};");
        }

        foreach (var (key, node) in resources.Children)
        {
            var name = Text(key);
            var resource = (YamlMappingNode)node;
            var properties = resource.Children.TryGetValue(new YamlScalarNode("properties"), out var p) ? p : new YamlMappingNode();
            source.AppendLine(CultureInfo.InvariantCulture, $"export const {Names.Args(name)}: {resourceTypes[name]}Args = {Value(properties, names, 0)};");
            if (resource.Children.TryGetValue(new YamlScalarNode("options"), out var options))
            {
                source.AppendLine(CultureInfo.InvariantCulture, $"export const {Names.Options(name)}: pulumi.CustomResourceOptions = {Value(options, names, 0)};");
            }
        }

        if (outputs is not null)
        {
            source.AppendLine();
            var type = outputTypes is null
                ? string.Empty
                : ": { " + string.Join(" ", outputTypes.Select(o => $"{Key(o.Key)}: {o.Value};")) + " }";
            source.AppendLine(CultureInfo.InvariantCulture, $"export const stackOutputs{type} = {Value(outputs, names, 0)};");
        }

        return source.ToString();
    }

    /// <summary><c>aws:index/getCallerIdentity:getCallerIdentity</c> or <c>aws:s3:getBucket</c> → <c>aws.getCallerIdentityOutput</c>, <c>aws.s3.getBucketOutput</c>.</summary>
    public static string FunctionPath(string token) => TypePath(token) + "Output";

    /// <summary><c>aws:lambda/function:Function</c> or <c>aws:lambda:Function</c> → <c>aws.lambda.Function</c>.</summary>
    public static string TypePath(string token)
    {
        var match = TypeToken().Match(token);
        if (!match.Success)
        {
            throw new InvalidOperationException($"'{token}' is not an aws type token this check knows how to map.");
        }

        var module = match.Groups["module"].Value;
        return module == "index" ? $"aws.{match.Groups["type"].Value}" : $"aws.{module}.{match.Groups["type"].Value}";
    }

    private static string Value(YamlNode node, Names names, int indent) => node switch
    {
        YamlMappingNode { Children.Count: 1 } map when Text(map.Children.Keys.Single()).StartsWith("fn::", StringComparison.Ordinal) =>
            Function(Text(map.Children.Keys.Single()), map.Children.Values.Single(), names, indent),
        YamlMappingNode map when map.Children.Count == 0 => "{}",
        YamlMappingNode map => "{\n"
            + string.Concat(map.Children.Select(c => $"{Pad(indent + 1)}{Key(Text(c.Key))}: {Value(c.Value, names, indent + 1)},\n"))
            + Pad(indent) + "}",
        YamlSequenceNode list when list.Children.Count == 0 => "[]",
        YamlSequenceNode list => "[\n"
            + string.Concat(list.Children.Select(c => $"{Pad(indent + 1)}{Value(c, names, indent + 1)},\n"))
            + Pad(indent) + "]",
        YamlScalarNode scalar => Scalar(scalar, names),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
    };

    private static string Function(string name, YamlNode argument, Names names, int indent) => name switch
    {
        "fn::toJSON" => $"pulumi.jsonStringify({Value(argument, names, indent)})",
        "fn::fileArchive" => $"new pulumi.asset.FileArchive({Value(argument, names, indent)})",
        "fn::fileAsset" => $"new pulumi.asset.FileAsset({Value(argument, names, indent)})",
        "fn::secret" => $"pulumi.secret({Value(argument, names, indent)})",
        "fn::invoke" => Invoke((YamlMappingNode)argument, names, indent),
        _ => throw new InvalidOperationException($"{name}: not a built-in function this check translates."),
    };

    private static string Invoke(YamlMappingNode call, Names names, int indent)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "function", "arguments", "options", "return" };
        var unknown = call.Children.Keys.Select(Text).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"fn::invoke: unknown field(s) {string.Join(", ", unknown)}.");
        }

        string? Field(string name) => call.Children.TryGetValue(new YamlScalarNode(name), out var node) ? Value(node, names, indent) : null;
        var function = FunctionPath(Text(call.Children[new YamlScalarNode("function")]));
        var arguments = Field("arguments") ?? throw new InvalidOperationException("fn::invoke: 'arguments' is required.");
        var options = Field("options");
        var result = options is null ? $"{function}({arguments})" : $"{function}({arguments}, {options})";
        return call.Children.TryGetValue(new YamlScalarNode("return"), out var field) ? $"{result}.{Text(field)}" : result;
    }

    private static string Scalar(YamlScalarNode scalar, Names names)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style == ScalarStyle.Plain)
        {
            if (text is "" or "~" or "null" or "Null" or "NULL")
            {
                return "undefined";
            }

            if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            {
                return text.ToLowerInvariant();
            }

            if (PlainNumber().IsMatch(text))
            {
                return text;
            }
        }

        return Interpolation(text, names);
    }

    /// <summary>A Pulumi YAML string: literal text, <c>${name.property}</c> references and <c>$${</c> escapes.</summary>
    private static string Interpolation(string text, Names names)
    {
        var parts = new List<string>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                literal.Append("${");
                i += 2;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw new InvalidOperationException($"Unterminated reference in '{text}'.");
                }

                if (literal.Length > 0)
                {
                    parts.Add(JsonSerializer.Serialize(literal.ToString(), StringLiteral));
                    literal.Clear();
                }

                parts.Add(names.Reference(text[(i + 2)..end]));
                i = end;
            }
            else
            {
                literal.Append(text[i]);
            }
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(JsonSerializer.Serialize(literal.ToString(), StringLiteral));
        }

        return parts.Count == 1 ? parts[0] : $"pulumi.concat({string.Join(", ", parts)})";
    }

    private static string ConfigType(string type) => type switch
    {
        "string" or "String" => "string",
        "integer" or "Number" or "number" => "number",
        "boolean" or "Boolean" => "boolean",
        _ => "any",
    };

    private static string Key(string key) => Identifier().IsMatch(key) ? key : JsonSerializer.Serialize(key, StringLiteral);

    private static string Pad(int indent) => new(' ', indent * 2);

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    private static YamlMappingNode? Mapping(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (YamlMappingNode)node : null;

    [GeneratedRegex("^aws:(?<module>[A-Za-z0-9]+)(/[A-Za-z0-9]+)?:(?<type>[A-Za-z][A-Za-z0-9]*)$")]
    private static partial Regex TypeToken();

    [GeneratedRegex(@"^[-+]?([0-9]+|[0-9]*\.[0-9]+([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$")]
    private static partial Regex PlainNumber();

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    /// <summary>TypeScript identifiers for the program's logical names, one-to-one.</summary>
    private sealed partial class Names
    {
        private readonly HashSet<string> resources;
        private readonly HashSet<string> config;
        private readonly HashSet<string> variables;

        public Names(IReadOnlyList<string> resources, IReadOnlyList<string> config, IReadOnlyList<string> variables)
        {
            this.resources = [.. resources];
            this.config = [.. config];
            this.variables = [.. variables];
            var mangled = resources.Select(Mangle).Concat(config.Select(Mangle)).Concat(variables.Select(Mangle)).ToList();
            if (mangled.Count != mangled.Distinct(StringComparer.Ordinal).Count())
            {
                throw new InvalidOperationException("Two logical names map to the same TypeScript identifier.");
            }
        }

        /// <summary>The declared resource (its outputs are what references read).</summary>
        public static string Resource(string name) => "res_" + Mangle(name);

        /// <summary>The typed object literal of the resource's inputs.</summary>
        public static string Args(string name) => "r_" + Mangle(name);

        public static string Options(string name) => "o_" + Mangle(name);

        public static string Config(string key) => "cfg_" + Mangle(key);

        public static string Variable(string name) => "var_" + Mangle(name);

        /// <summary><c>name</c>, <c>name.property</c> or <c>pulumi.stack</c> as an expression; an unknown name stays unknown to tsc.</summary>
        public string Reference(string reference)
        {
            var dot = reference.IndexOf('.', StringComparison.Ordinal);
            var name = dot < 0 ? reference : reference[..dot];
            var path = dot < 0 ? string.Empty : reference[dot..];
            if (!PropertyPath().IsMatch(path))
            {
                throw new InvalidOperationException($"'${{{reference}}}': only name.property references are translated.");
            }

            return name switch
            {
                _ when resources.Contains(name) => Resource(name) + path,
                _ when config.Contains(name) => Config(name) + path,
                _ when variables.Contains(name) => Variable(name) + path,
                "pulumi" when path == ".stack" => "pulumi.getStack()",
                "pulumi" when path == ".project" => "pulumi.getProject()",
                _ => "undeclared_" + Mangle(name) + path,
            };
        }

        private static string Mangle(string name) => NotIdentifierCharacter().Replace(name, "_");

        [GeneratedRegex("[^A-Za-z0-9_]")]
        private static partial Regex NotIdentifierCharacter();

        [GeneratedRegex(@"^(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
        private static partial Regex PropertyPath();
    }
}
