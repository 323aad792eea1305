namespace Platform.Local.Queues;

/// <summary>The settable attributes of a queue, with SQS's defaults.</summary>
public sealed record QueueAttributes
{
    /// <summary>The largest message SQS accepts: 1 MiB since 2025.</summary>
    /// <remarks>
    /// Source: Amazon SQS message quotas, "Message size: the maximum is 1,048,576 bytes (1 MiB)"
    /// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html), raised from
    /// 256 KiB on 2025-08-04 (https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/).
    /// </remarks>
    public const int MaxMessageSizeLimit = 1_048_576;

    /// <summary>How long a received message stays invisible (0 s – 12 h; default 30 s).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message is kept (60 s – 14 days; default 4 days).</summary>
    public TimeSpan MessageRetentionPeriod { get; init; } = TimeSpan.FromDays(4);

    /// <summary>The delay before a new message becomes visible (0 – 15 min).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>The default long-polling wait of a receive (0 – 20 s).</summary>
    public TimeSpan ReceiveMessageWaitTime { get; init; } = TimeSpan.Zero;

    /// <summary>The largest message the queue accepts, in bytes (1,024 – 1,048,576).</summary>
    public int MaximumMessageSize { get; init; } = MaxMessageSizeLimit;

    /// <summary>Where messages go after too many receives, or null for no dead-letter queue.</summary>
    public RedrivePolicy? RedrivePolicy { get; init; }
}

/// <summary>A queue's dead-letter policy: the DLQ's ARN and how many receives a message gets before it moves there.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount);
