using Platform.Infra.Core;

namespace Platform.Infra.Aws.Lambda;

/// <summary>A directory Pulumi zips as the function's code (<c>fn::fileArchive</c>).</summary>
public sealed record FileArchive(string Path) : IRenderable
{
    /// <inheritdoc />
    public object? Render() => new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["fn::fileArchive"] = Literal.Escape(Path) };
}

public sealed record FunctionEnvironmentArgs
{
    public required IReadOnlyDictionary<string, Input<string>> Variables { get; init; }
}

public sealed record FunctionLoggingConfigArgs
{
    public string LogFormat { get; init; } = "JSON";
    public required Input<string> LogGroup { get; init; }
    public string? ApplicationLogLevel { get; init; }
    public string? SystemLogLevel { get; init; }
}

public sealed record FunctionTracingConfigArgs
{
    public required string Mode { get; init; }
}

public sealed record FunctionArgs : ResourceArgs
{
    public string? Description { get; init; }
    public required Input<string> Role { get; init; }
    public required string Runtime { get; init; }
    public required string Handler { get; init; }
    public required IReadOnlyList<string> Architectures { get; init; }
    public required FileArchive Code { get; init; }
    public required int MemorySize { get; init; }
    public required int Timeout { get; init; }
    public required int ReservedConcurrentExecutions { get; init; }
    public required FunctionEnvironmentArgs Environment { get; init; }
    public required FunctionLoggingConfigArgs LoggingConfig { get; init; }
    public required FunctionTracingConfigArgs TracingConfig { get; init; }
}

/// <summary><c>aws:lambda:Function</c>.</summary>
public sealed class Function(string name, FunctionArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:lambda:Function", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
    public Output<string> InvokeArn => Output<string>("invokeArn");
}

public sealed record PermissionArgs : ResourceArgs
{
    public string Action { get; init; } = "lambda:InvokeFunction";
    public required Input<string> Function { get; init; }
    public required string Principal { get; init; }
    public required Input<string> SourceArn { get; init; }

    /// <summary>The account that must own the source; required where the source ARN has no account in it (S3 buckets).</summary>
    public Input<string>? SourceAccount { get; init; }
}

/// <summary><c>aws:lambda:Permission</c>: who may invoke a function, always scoped to a source ARN.</summary>
public sealed class Permission(string name, PermissionArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:lambda:Permission", name, args, options);

public sealed record EventSourceMappingArgs : ResourceArgs
{
    public required Input<string> EventSourceArn { get; init; }
    public required Input<string> FunctionName { get; init; }
    public required int BatchSize { get; init; }
    public int? MaximumBatchingWindowInSeconds { get; init; }
    public IReadOnlyList<string>? FunctionResponseTypes { get; init; }
    public bool Enabled { get; init; } = true;
}

/// <summary><c>aws:lambda:EventSourceMapping</c>: a function polling a queue.</summary>
public sealed class EventSourceMapping(string name, EventSourceMappingArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:lambda:EventSourceMapping", name, args, options);

public sealed record FunctionEventInvokeConfigDestinationConfigOnFailureArgs
{
    public required Input<string> Destination { get; init; }
}

public sealed record FunctionEventInvokeConfigDestinationConfigArgs
{
    public required FunctionEventInvokeConfigDestinationConfigOnFailureArgs OnFailure { get; init; }
}

public sealed record FunctionEventInvokeConfigArgs : ResourceArgs
{
    public required Input<string> FunctionName { get; init; }
    public required int MaximumRetryAttempts { get; init; }
    public required int MaximumEventAgeInSeconds { get; init; }
    public required FunctionEventInvokeConfigDestinationConfigArgs DestinationConfig { get; init; }
}

/// <summary><c>aws:lambda:FunctionEventInvokeConfig</c>: retries and the on-failure destination of asynchronous invocations.</summary>
public sealed class FunctionEventInvokeConfig(string name, FunctionEventInvokeConfigArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:lambda:FunctionEventInvokeConfig", name, args, options);
