using Platform.Infra.Aws.Iam;
using Platform.Infra.Core;

namespace Platform.Infra.Aws.Sqs;

/// <summary>The redrive policy's fields, as SQS names them.</summary>
public sealed record RedrivePolicy
{
    public required Input<string> DeadLetterTargetArn { get; init; }
    public required int MaxReceiveCount { get; init; }
}

public sealed record QueueArgs : ResourceArgs
{
    public required int MessageRetentionSeconds { get; init; }
    public int? VisibilityTimeoutSeconds { get; init; }
    public required bool SqsManagedSseEnabled { get; init; }
    public JsonValue? RedrivePolicy { get; init; }
}

/// <summary><c>aws:sqs:Queue</c>.</summary>
public sealed class Queue(string name, QueueArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:sqs:Queue", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
    public Output<string> Url => Output<string>("url");
}

public sealed record QueuePolicyArgs : ResourceArgs
{
    public required Input<string> QueueUrl { get; init; }
    public required PolicyDocument Policy { get; init; }
}

/// <summary><c>aws:sqs:QueuePolicy</c>.</summary>
public sealed class QueuePolicy(string name, QueuePolicyArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:sqs:QueuePolicy", name, args, options);
