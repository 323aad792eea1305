namespace Platform.Infra.Core;

/// <summary>The base of every provider function's argument record.</summary>
public abstract record InvokeArgs;

/// <summary>
/// The result of a provider function (a data source), as Pulumi's <c>Invoke</c> returns it: its fields are outputs.
/// </summary>
/// <remarks>
/// Calling one registers a program variable holding <c>fn::invoke</c> with the pinned provider version, so the function runs
/// once per deployment and its fields render as <c>${variable.field}</c>.
/// </remarks>
public abstract class InvokeResult
{
    protected InvokeResult(string function, string name, InvokeArgs args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(args);
        Function = function;
        VariableName = name;
        Args = args;
        Deployment.Current.Register(this);
    }

    /// <summary>The function's token, e.g. <c>aws:index/getCallerIdentity:getCallerIdentity</c>.</summary>
    public string Function { get; }

    /// <summary>The program variable the result is kept in; shares the resources' namespace.</summary>
    public string VariableName { get; }

    public InvokeArgs Args { get; }

    /// <summary>A reference to one of the result's fields.</summary>
    protected Output<T> Output<T>(string field) => Core.Output.Reference<T>(VariableName, field);
}
