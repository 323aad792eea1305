namespace Platform.Local.Queues;

/// <summary>A typed message attribute as SQS carries it (<c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix).</summary>
public sealed record MessageAttributeValue(string DataType, string? StringValue = null, byte[]? BinaryValue = null);

/// <summary>A queue's name, ARN and attributes.</summary>
public sealed record QueueInfo(string Name, string Arn, QueueAttributes Attributes, DateTimeOffset CreatedAt, DateTimeOffset LastModifiedAt);

/// <summary>What a send returns: the message id and the MD5 digests SQS reports.</summary>
public sealed record SentMessage(string MessageId, string Md5OfMessageBody, string? Md5OfMessageAttributes);

/// <summary>A message as a receive (with its receipt handle) or an inspection (without one) sees it.</summary>
public sealed record QueueMessage
{
    /// <summary>The id SQS assigned when the message was sent.</summary>
    public required string MessageId { get; init; }

    /// <summary>The handle of this receive; null when the message was only inspected.</summary>
    public string? ReceiptHandle { get; init; }

    /// <summary>The message body.</summary>
    public required string Body { get; init; }

    /// <summary>The hex MD5 of the body's UTF-8 bytes.</summary>
    public required string Md5OfBody { get; init; }

    /// <summary>The user attributes sent with the message.</summary>
    public required IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; }

    /// <summary>When the message was first sent.</summary>
    public required DateTimeOffset SentTimestamp { get; init; }

    /// <summary>How many times the message has been received, this receive included.</summary>
    public required int ApproximateReceiveCount { get; init; }

    /// <summary>When the message was first received, or null if never.</summary>
    public DateTimeOffset? ApproximateFirstReceiveTimestamp { get; init; }

    /// <summary>The sender's id (the local account for every sender).</summary>
    public required string SenderId { get; init; }

    /// <summary>For a message in a dead-letter queue, the ARN of the queue it came from.</summary>
    public string? DeadLetterQueueSourceArn { get; init; }

    /// <summary>The X-Ray trace header sent with the message (the <c>AWSTraceHeader</c> system attribute), if any.</summary>
    public string? AwsTraceHeader { get; init; }
}

/// <summary>Options of one receive call.</summary>
public sealed record ReceiveOptions
{
    /// <summary>At most this many messages (1 – 10).</summary>
    public int MaxNumberOfMessages { get; init; } = 1;

    /// <summary>Long-polling wait; null uses the queue's <see cref="QueueAttributes.ReceiveMessageWaitTime"/>.</summary>
    public TimeSpan? WaitTime { get; init; }

    /// <summary>Visibility timeout for these messages; null uses the queue's.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }
}

/// <summary>How many messages a queue holds, by state.</summary>
public readonly record struct QueueDepth(int Visible, int InFlight, int Delayed);

/// <summary>A queue's message counts since the queue service started: sent, received (each receive counts), deleted, and moved to its dead-letter queue.</summary>
public readonly record struct QueueCounters(long Sent, long Received, long Deleted, long DeadLettered);

/// <summary>One batch a poller hands to its function.</summary>
/// <param name="EventJson">The Lambda SQS event.</param>
/// <param name="TraceHeader">The invocation's trace header: the first record's <c>AWSTraceHeader</c>, or null when no record has one.</param>
/// <param name="Messages">The received messages, in the event's order.</param>
public sealed record QueueBatch(string EventJson, string? TraceHeader, IReadOnlyList<QueueMessage> Messages);

/// <summary>A message moved to a dead-letter queue after too many receives.</summary>
/// <param name="SourceQueue">The queue it was received from.</param>
/// <param name="DeadLetterQueue">The dead-letter queue that holds it now.</param>
/// <param name="Message">The message, with its receive count and trace header.</param>
public sealed record DeadLetteredMessage(string SourceQueue, string DeadLetterQueue, QueueMessage Message);
