using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>infra/outputs-contract.json: the stack outputs other teams rely on, and how a rendered program breaks them.</summary>
internal sealed partial class OutputsContract
{
    public const string StringType = "string";
    public const string MapType = "map<string, string>";

    public static string Path { get; } = System.IO.Path.Combine(Rendering.RepositoryRoot, "infra", "outputs-contract.json");

    [JsonPropertyName("about")]
    public required string About { get; init; }

    [JsonPropertyName("outputs")]
    public required Dictionary<string, ContractOutput> Outputs { get; init; }

    public static OutputsContract Load() =>
        JsonSerializer.Deserialize<OutputsContract>(File.ReadAllText(Path)) ?? throw new InvalidOperationException($"{Path} is empty.");

    /// <summary>The TypeScript type of each output, for the provider-conformance check.</summary>
    public IReadOnlyDictionary<string, string> TypeScriptTypes() => Outputs.ToDictionary(
        o => o.Key,
        o => o.Value.Type switch
        {
            StringType => "pulumi.Input<string>",
            MapType => "Record<string, pulumi.Input<string>>",
            var other => throw new InvalidOperationException($"{o.Key}: unknown contract type '{other}'."),
        });

    /// <summary>Every way <paramref name="program"/> breaks the contract: a missing output, another type or source, an unlisted output.</summary>
    public IReadOnlyList<string> Violations(RenderedProgram program)
    {
        var violations = new List<string>();
        foreach (var (name, expected) in Outputs)
        {
            if (!program.Outputs.TryGetValue(name, out var rendered))
            {
                violations.Add($"{name}: disappeared (the contract lists it)");
                continue;
            }

            switch (expected.Type, rendered)
            {
                case (StringType, string reference):
                    CheckSource(program, name, reference, expected.Source, violations);
                    break;
                case (MapType, Dictionary<object, object?> map):
                    var keys = map.Keys.Cast<string>().ToHashSet(StringComparer.Ordinal);
                    violations.AddRange((expected.Keys ?? []).Where(k => !keys.Contains(k)).Select(k => $"{name}.{k}: disappeared (the contract lists it)"));
                    violations.AddRange(keys.Where(k => !(expected.Keys ?? []).Contains(k)).Order(StringComparer.Ordinal)
                        .Select(k => $"{name}.{k}: not in the contract (list it in infra/outputs-contract.json)"));
                    foreach (var (key, value) in map)
                    {
                        CheckSource(program, $"{name}.{key}", value as string, expected.Source, violations);
                    }

                    break;
                default:
                    violations.Add($"{name}: the contract says {expected.Type}, the program renders {Describe(rendered)}");
                    break;
            }
        }

        violations.AddRange(program.Outputs.Keys.Cast<string>().Where(k => !Outputs.ContainsKey(k)).Order(StringComparer.Ordinal)
            .Select(k => $"{k}: not in the contract (list it in infra/outputs-contract.json)"));
        return violations;
    }

    private static void CheckSource(RenderedProgram program, string name, string? reference, string expectedSource, List<string> violations)
    {
        var match = reference is null ? null : ResourceOutput().Match(reference);
        if (match is not { Success: true } || !program.Resources.ContainsKey(match.Groups["resource"].Value))
        {
            violations.Add($"{name}: '{reference}' is not one resource output (the contract says {expectedSource})");
            return;
        }

        var source = $"{program.Get(match.Groups["resource"].Value).Type}.{match.Groups["property"].Value}";
        if (source != expectedSource)
        {
            violations.Add($"{name}: changed meaning, now {source} (the contract says {expectedSource})");
        }
    }

    [GeneratedRegex(@"^\$\{(?<resource>[A-Za-z0-9_-]+)\.(?<property>[A-Za-z0-9_]+)\}$")]
    private static partial Regex ResourceOutput();

    private static string Describe(object? value) => value switch
    {
        string text => $"the string '{text}'",
        Dictionary<object, object?> => "a map",
        List<object?> => "a list",
        _ => "nothing",
    };

    internal sealed record ContractOutput
    {
        [JsonPropertyName("type")]
        public required string Type { get; init; }

        /// <summary>What the value is read from: the resource type and its output property, e.g. <c>aws:sqs:Queue.url</c>.</summary>
        [JsonPropertyName("source")]
        public required string Source { get; init; }

        [JsonPropertyName("meaning")]
        public required string Meaning { get; init; }

        /// <summary>For a map: the keys consumers look up.</summary>
        [JsonPropertyName("keys")]
        public IReadOnlyList<string>? Keys { get; init; }
    }
}
