namespace Platform.Infra.Definition;

/// <summary>One deployable function: its project, sizing, environment, permissions and triggers.</summary>
public sealed record FunctionDefinition
{
    /// <summary>The function's name, e.g. <c>create-order</c>; also the prefix of everything created for it.</summary>
    public required string Name { get; init; }

    /// <summary>The project directory, relative to the repository root (e.g. <c>functions/order-functions/create-order</c>).</summary>
    public required string ProjectPath { get; init; }

    public required int MemorySize { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required int ReservedConcurrency { get; init; }
    public required IReadOnlyList<EnvironmentVariable> Environment { get; init; }
    public required FunctionAccess Access { get; init; }
    public required IReadOnlyList<Trigger> Triggers { get; init; }

    /// <summary>True when something invokes the function asynchronously (EventBridge rules, schedules, bucket notifications), so it needs an on-failure destination.</summary>
    public bool IsInvokedAsynchronously => Triggers.Any(t => t is EventSubscription or ScheduleTrigger or StorageTrigger);
}

/// <summary>What a function may touch. Rendered as exact actions on exact resources.</summary>
public sealed record FunctionAccess
{
    public IReadOnlyList<TableAction> Table { get; init; } = [];

    /// <summary>Whether the function queries the table's GSI (a separate resource ARN).</summary>
    public bool QueriesIndex { get; init; }

    public bool PutsEvents { get; init; }
    public bool SendsEmail { get; init; }

    /// <summary>Object actions on key prefixes of platform buckets; nothing else in S3 (listing only under the prefix, no other prefix).</summary>
    public IReadOnlyList<ObjectAccess> Objects { get; init; } = [];
}

/// <summary>One S3 object action on the keys under one prefix of a platform bucket (rendered as <c>&lt;bucket arn&gt;/&lt;prefix&gt;*</c>).</summary>
/// <param name="Bucket">The <see cref="BucketDefinition.Name"/>.</param>
/// <param name="Action">The action.</param>
/// <param name="Prefix">The key prefix, ending in <c>/</c> (e.g. <c>imports/</c>).</param>
public sealed record ObjectAccess(string Bucket, ObjectAction Action, string Prefix);

/// <summary>S3 object actions a function may perform.</summary>
public enum ObjectAction
{
    /// <summary><c>s3:GetObject</c> (also what HeadObject needs).</summary>
    GetObject,

    /// <summary><c>s3:PutObject</c>.</summary>
    PutObject,

    /// <summary><c>s3:ListBucket</c> on the bucket, limited to keys under the prefix by an <c>s3:prefix</c> condition.</summary>
    /// <remarks>Without it S3 answers a read of a missing key with 403 AccessDenied instead of 404 NoSuchKey.</remarks>
    ListBucket,
}

/// <summary>DynamoDB actions a function may perform on the platform table.</summary>
public enum TableAction
{
    GetItem,
    BatchGetItem,
    Query,
    PutItem,
    UpdateItem,
    DeleteItem,
}

/// <summary>An environment variable and where its value comes from.</summary>
public sealed record EnvironmentVariable(string Name, EnvironmentValue Value);

/// <summary>The source of an environment variable's value.</summary>
public abstract record EnvironmentValue;

/// <summary>The platform table's name.</summary>
public sealed record TableNameValue : EnvironmentValue;

/// <summary>The platform event bus's name.</summary>
public sealed record EventBusNameValue : EnvironmentValue;

/// <summary>A stack setting, named by its config key so a secret setting can be refused.</summary>
public sealed record SettingValue(string SettingKey, string Value) : EnvironmentValue;

/// <summary>A fixed value.</summary>
public sealed record LiteralValue(string Value) : EnvironmentValue;
