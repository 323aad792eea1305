namespace Platform.Local.Queues.Internal;

/// <summary>A message as the queue keeps it (and as the state file records it).</summary>
internal sealed class StoredMessage
{
    public required string MessageId { get; init; }

    public required string Body { get; init; }

    public required string Md5OfBody { get; init; }

    public Dictionary<string, MessageAttributeValue> MessageAttributes { get; init; } = new(StringComparer.Ordinal);

    public required DateTimeOffset SentAt { get; init; }

    public required DateTimeOffset VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    public string? ReceiptHandle { get; set; }

    public string? DeadLetterSourceArn { get; set; }

    public string? AwsTraceHeader { get; init; }

    public QueueMessage ToPublic(string senderId, bool withHandle) => new()
    {
        MessageId = MessageId,
        ReceiptHandle = withHandle ? ReceiptHandle : null,
        Body = Body,
        Md5OfBody = Md5OfBody,
        MessageAttributes = new Dictionary<string, MessageAttributeValue>(MessageAttributes, StringComparer.Ordinal),
        SentTimestamp = SentAt,
        ApproximateReceiveCount = ReceiveCount,
        ApproximateFirstReceiveTimestamp = FirstReceivedAt,
        SenderId = senderId,
        DeadLetterQueueSourceArn = DeadLetterSourceArn,
        AwsTraceHeader = AwsTraceHeader,
    };
}
