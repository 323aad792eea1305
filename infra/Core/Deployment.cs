namespace Platform.Infra.Core;

/// <summary>A config value the program reads through its <c>config:</c> block rather than inlining it.</summary>
public sealed record ConfigDeclaration(string Type, bool Secret);

/// <summary>The program being built: its resources, provider function calls, config declarations and stack outputs.</summary>
/// <remarks>Like Pulumi's <c>Deployment</c>, the current one is scoped to the build (an async-local), so resources register themselves.</remarks>
public sealed class Deployment
{
    /// <summary>The AWS provider version every aws resource is pinned to (the @pulumi/aws type declarations use the same).</summary>
    public const string AwsProviderVersion = "7.48.0";

    private static readonly AsyncLocal<Deployment?> CurrentDeployment = new();
    private readonly List<CustomResource> resources = [];
    private readonly List<InvokeResult> invokes = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ConfigDeclaration> config = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, object> outputs = new(StringComparer.Ordinal);

    private Deployment()
    {
    }

    internal static Deployment Current =>
        CurrentDeployment.Value ?? throw new InvalidOperationException("Resources are created inside Deployment.Build.");

    /// <summary>Runs <paramref name="build"/> and returns the program it declared.</summary>
    public static PulumiProgram Build(string project, string description, Action<Deployment> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var deployment = new Deployment();
        var previous = CurrentDeployment.Value;
        CurrentDeployment.Value = deployment;
        try
        {
            build(deployment);
        }
        finally
        {
            CurrentDeployment.Value = previous;
        }

        return new PulumiProgram(project, description, deployment.config, deployment.invokes, deployment.resources, deployment.outputs);
    }

    /// <summary>A config value read through the program's <c>config:</c> block, so a secret stays secret in Pulumi.</summary>
    public Output<string> Config(string key, bool secret)
    {
        config[key] = new ConfigDeclaration("string", secret);
        names.Add(key);
        return Output.Reference<string>(key);
    }

    /// <summary>A stack output.</summary>
    public void Export(string name, object value) => outputs.Add(name, value);

    internal void Register(CustomResource resource)
    {
        EnsureUnused(resource.LogicalName);
        resources.Add(resource);
    }

    internal void Register(InvokeResult invoke)
    {
        EnsureUnused(invoke.VariableName);
        invokes.Add(invoke);
    }

    // Resources, variables and config keys are one namespace in a Pulumi YAML program.
    private void EnsureUnused(string name)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"Two resources, variables or config values are named '{name}'.");
        }
    }
}
