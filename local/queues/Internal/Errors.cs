namespace Platform.Local.Queues.Internal;

/// <summary>The SQS errors this service raises, with the query-protocol code and status the JSON protocol reports beside them.</summary>
internal static class Errors
{
    private static readonly Dictionary<string, (string QueryCode, int Status)> Wire = new(StringComparer.Ordinal)
    {
        ["QueueDoesNotExist"] = ("AWS.SimpleQueueService.NonExistentQueue", 400),
        ["QueueNameExists"] = ("QueueAlreadyExists", 400),
        ["ReceiptHandleIsInvalid"] = ("ReceiptHandleIsInvalid", 404),
        ["MessageNotInflight"] = ("AWS.SimpleQueueService.MessageNotInflight", 400),
        ["InvalidAttributeName"] = ("InvalidAttributeName", 400),
        ["InvalidAttributeValue"] = ("InvalidAttributeValue", 400),
        ["InvalidMessageContents"] = ("InvalidMessageContents", 400),
        ["InvalidParameterValue"] = ("InvalidParameterValue", 400),
        ["MissingParameter"] = ("MissingParameter", 400),
        ["InvalidAddress"] = ("InvalidAddress", 404),
        ["EmptyBatchRequest"] = ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
        ["TooManyEntriesInBatchRequest"] = ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
        ["BatchEntryIdsNotDistinct"] = ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
        ["InvalidBatchEntryId"] = ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
        ["BatchRequestTooLong"] = ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
        ["UnsupportedOperation"] = ("AWS.SimpleQueueService.UnsupportedOperation", 400),
        ["InvalidAction"] = ("InvalidAction", 400),
        ["SerializationException"] = ("SerializationException", 400),
    };

    public static (string QueryCode, int Status, bool SenderFault) Describe(string code) =>
        Wire.TryGetValue(code, out var wire) ? (wire.QueryCode, wire.Status, true) : (code, 500, false);

    public static QueueException NonExistentQueue() => new("QueueDoesNotExist", "The specified queue does not exist.");

    public static QueueException InvalidParameter(string message) => new("InvalidParameterValue", message);

    public static QueueException InvalidAttributeValue(string message) => new("InvalidAttributeValue", message);

    public static QueueException InvalidReceiptHandle(string handle) => new("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
}
