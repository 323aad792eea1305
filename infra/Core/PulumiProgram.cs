namespace Platform.Infra.Core;

/// <summary>A complete Pulumi YAML program.</summary>
public sealed class PulumiProgram(
    string name,
    string description,
    IReadOnlyDictionary<string, ConfigDeclaration> config,
    IReadOnlyList<InvokeResult> invokes,
    IReadOnlyList<CustomResource> resources,
    IReadOnlyDictionary<string, object> outputs)
{
    public string Name { get; } = name;

    public IReadOnlyList<CustomResource> Resources { get; } = resources;

    /// <summary>The provider functions the program calls (its <c>variables:</c>).</summary>
    public IReadOnlyList<InvokeResult> Invokes { get; } = invokes;

    /// <summary>The program as YAML text: sections in Pulumi's order, everything else sorted, no timestamps.</summary>
    public string ToYaml()
    {
        List<KeyValuePair<string, object?>> document =
        [
            new("name", Name),
            new("runtime", "yaml"),
            new("description", description),
        ];
        if (config.Count > 0)
        {
            document.Add(new("config", config.ToDictionary(
                c => c.Key,
                c => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["type"] = c.Value.Type, ["secret"] = c.Value.Secret ? true : null })));
        }

        if (Invokes.Count > 0)
        {
            document.Add(new("variables", Invokes.ToDictionary(i => i.VariableName, i => (object?)RenderInvoke(i))));
        }

        document.Add(new("resources", Resources.ToDictionary(r => r.LogicalName, r => (object?)RenderResource(r))));
        document.Add(new("outputs", PropertyRenderer.Render(outputs)));
        // A resource renders to about 560 characters of YAML; sizing the builder near the result spares its regrowth.
        return YamlWriter.Write(document, expectedLength: 16 * 1024 + (Resources.Count * 600));
    }

    private static SortedDictionary<string, object?> RenderInvoke(InvokeResult invoke)
    {
        var call = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["function"] = invoke.Function,
            ["arguments"] = PropertyRenderer.RenderObject(invoke.Args),
        };
        if (invoke.Function.StartsWith("aws:", StringComparison.Ordinal))
        {
            call["options"] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["version"] = Deployment.AwsProviderVersion };
        }

        return new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["fn::invoke"] = call };
    }

    private static List<KeyValuePair<string, object?>> RenderResource(CustomResource resource)
    {
        List<KeyValuePair<string, object?>> node =
        [
            new("type", resource.Type),
            new("properties", PropertyRenderer.RenderObject(resource.Args)),
        ];
        var options = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (resource.Type.StartsWith("aws:", StringComparison.Ordinal))
        {
            options["version"] = Deployment.AwsProviderVersion;
        }

        if (resource.Options.Protect)
        {
            options["protect"] = true;
        }

        if (resource.Options.DependsOn.Count > 0)
        {
            options["dependsOn"] = resource.Options.DependsOn.Select(d => (object?)("${" + d.LogicalName + "}")).ToList();
        }

        if (options.Count > 0)
        {
            node.Add(new("options", options));
        }

        return node;
    }
}
