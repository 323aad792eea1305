namespace Platform.Infra.Core;

/// <summary>The base of every argument record.</summary>
public abstract record ResourceArgs;

/// <summary>Resource options, as Pulumi's <c>CustomResourceOptions</c>.</summary>
public sealed record CustomResourceOptions
{
    /// <summary>Refuse to delete the resource (prod data).</summary>
    public bool Protect { get; init; }

    /// <summary>Resources that must exist first, beyond the ones the inputs already reference.</summary>
    public IReadOnlyList<CustomResource> DependsOn { get; init; } = [];
}

/// <summary>A provider resource: a Pulumi type token, a logical name and typed arguments.</summary>
/// <remarks>Constructing one registers it with the <see cref="Deployment"/> being built, as in a Pulumi program.</remarks>
public abstract class CustomResource
{
    protected CustomResource(string type, string name, ResourceArgs args, CustomResourceOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(args);
        Type = type;
        LogicalName = name;
        Args = args;
        Options = options ?? new CustomResourceOptions();
        Deployment.Current.Register(this);
    }

    /// <summary>The type token, e.g. <c>aws:lambda:Function</c>.</summary>
    public string Type { get; }

    /// <summary>The logical name, unique in the program.</summary>
    public string LogicalName { get; }

    public ResourceArgs Args { get; }

    public CustomResourceOptions Options { get; }

    /// <summary>The provider-assigned id.</summary>
    public Output<string> Id => Output<string>("id");

    /// <summary>A reference to one of this resource's outputs.</summary>
    protected Output<T> Output<T>(string property) => Core.Output.Reference<T>(LogicalName, property);
}
