using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>A batch of SQS messages delivered by an event source mapping.</summary>
public sealed class SqsEvent
{
    /// <summary>The messages.</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage>? Records { get; init; }
}

/// <summary>One SQS message of an <see cref="SqsEvent"/>.</summary>
public sealed class SqsMessage
{
    /// <summary>The message id; report it in <see cref="SqsBatchItemFailure.ItemIdentifier"/> when the message fails.</summary>
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }

    /// <summary>The receipt handle.</summary>
    [JsonPropertyName("receiptHandle")]
    public string? ReceiptHandle { get; init; }

    /// <summary>The message body.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>System attributes such as ApproximateReceiveCount, SentTimestamp and MessageGroupId.</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>Message attributes set by the sender.</summary>
    [JsonPropertyName("messageAttributes")]
    public IReadOnlyDictionary<string, SqsMessageAttributeValue>? MessageAttributes { get; init; }

    /// <summary>The MD5 digest of the body.</summary>
    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; init; }

    /// <summary>"aws:sqs".</summary>
    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    /// <summary>The queue's ARN.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    /// <summary>The queue's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }
}

/// <summary>A message attribute of an <see cref="SqsMessage"/>.</summary>
public sealed class SqsMessageAttributeValue
{
    /// <summary>The value of a String or Number attribute.</summary>
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    /// <summary>The base64 value of a Binary attribute.</summary>
    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    /// <summary>Reserved by SQS.</summary>
    [JsonPropertyName("stringListValues")]
    public IReadOnlyList<string>? StringListValues { get; init; }

    /// <summary>Reserved by SQS.</summary>
    [JsonPropertyName("binaryListValues")]
    public IReadOnlyList<string>? BinaryListValues { get; init; }

    /// <summary>String, Number or Binary, optionally with a custom suffix.</summary>
    [JsonPropertyName("dataType")]
    public string? DataType { get; init; }
}
