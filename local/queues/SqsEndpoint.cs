using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Local.Queues.Internal;

namespace Platform.Local.Queues;

/// <summary>An SQS-compatible endpoint (AWS JSON 1.0, <c>X-Amz-Target: AmazonSQS.*</c>) over a <see cref="QueueService"/>, usable by AWSSDK.SQS unchanged.</summary>
/// <remarks>Queue URLs are built from the request's host: <c>http://{host}/000000000000/{name}</c>.</remarks>
public sealed class SqsEndpoint(QueueService queues)
{
    private const string ContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AmazonSQS.";
    private const int MaxBatchEntries = 10;

    /// <summary>Answers one SQS request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!HttpMethods.IsPost(context.Request.Method) || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw new QueueException("InvalidAction", "The action or operation requested is invalid. Use POST with an X-Amz-Target of AmazonSQS.<Operation>.");
            }

            using var document = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            var request = new SqsRequest(document.RootElement);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                await DispatchAsync(target[TargetPrefix.Length..], request, context, writer).ConfigureAwait(false);
                writer.WriteEndObject();
            }

            response.StatusCode = StatusCodes.Status200OK;
        }
        catch (QueueException error)
        {
            buffer.ResetWrittenCount();
            var (queryCode, status, senderFault) = Errors.Describe(error.Code);
            response.StatusCode = status;
            response.Headers["x-amzn-query-error"] = $"{queryCode};{(senderFault ? "Sender" : "Receiver")}";
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WriteString("__type", $"com.amazonaws.sqs#{error.Code}");
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new QueueException("SerializationException", "The request body is not valid JSON.");
        }
    }

    private async Task DispatchAsync(string operation, SqsRequest request, HttpContext context, Utf8JsonWriter writer)
    {
        switch (operation)
        {
            case "CreateQueue":
                CreateQueue(request, context, writer);
                break;
            case "GetQueueUrl":
                var name = request.RequiredString("QueueName");
                writer.WriteString("QueueUrl", Url(context, queues.GetQueue(name).Name));
                break;
            case "ListQueues":
                ListQueues(request, context, writer);
                break;
            case "DeleteQueue":
                queues.DeleteQueue(QueueName(request));
                break;
            case "GetQueueAttributes":
                GetQueueAttributes(request, writer);
                break;
            case "SetQueueAttributes":
                var queueName = QueueName(request);
                queues.SetQueueAttributes(queueName, WireAttributes.Apply(queues.GetQueue(queueName).Attributes, request.StringMap("Attributes")));
                break;
            case "PurgeQueue":
                queues.Purge(QueueName(request));
                break;
            case "SendMessage":
                WriteSent(writer, Send(QueueName(request), request));
                break;
            case "SendMessageBatch":
                SendMessageBatch(request, writer);
                break;
            case "ReceiveMessage":
                await ReceiveMessageAsync(request, writer, context.RequestAborted).ConfigureAwait(false);
                break;
            case "DeleteMessage":
                queues.Delete(QueueName(request), request.RequiredString("ReceiptHandle"));
                break;
            case "DeleteMessageBatch":
                var deleteQueue = QueueName(request);
                Batch(request, writer, entry => queues.Delete(deleteQueue, entry.RequiredString("ReceiptHandle")), null);
                break;
            case "ChangeMessageVisibility":
                queues.ChangeVisibility(QueueName(request), request.RequiredString("ReceiptHandle"), TimeSpan.FromSeconds(request.OptionalInt("VisibilityTimeout") ?? 0));
                break;
            case "ChangeMessageVisibilityBatch":
                var changeQueue = QueueName(request);
                Batch(request, writer, entry =>
                {
                    queues.ChangeVisibility(changeQueue, entry.RequiredString("ReceiptHandle"), TimeSpan.FromSeconds(entry.OptionalInt("VisibilityTimeout") ?? 0));
                    return true;
                }, null);
                break;
            default:
                throw new QueueException("UnsupportedOperation", $"The operation {operation} is not supported by the local SQS endpoint.");
        }
    }

    private void CreateQueue(SqsRequest request, HttpContext context, Utf8JsonWriter writer)
    {
        var name = request.RequiredString("QueueName");
        var attributes = WireAttributes.Apply(new QueueAttributes(), request.StringMap("Attributes"));
        writer.WriteString("QueueUrl", Url(context, queues.CreateQueue(name, attributes).Name));
    }

    private void ListQueues(SqsRequest request, HttpContext context, Utf8JsonWriter writer)
    {
        var names = queues.ListQueues(request.OptionalString("QueueNamePrefix"));
        var start = request.OptionalString("NextToken") is { } token ? names.TakeWhile(name => string.CompareOrdinal(name, token) <= 0).Count() : 0;
        var limit = request.OptionalInt("MaxResults") ?? 1000;
        if (limit is < 1 or > 1000)
        {
            throw Errors.InvalidParameter("Value for parameter MaxResults is invalid. Reason: MaxResults must be between 1 and 1000.");
        }

        var page = names.Skip(start).Take(limit).ToList();
        writer.WriteStartArray("QueueUrls");
        foreach (var name in page)
        {
            writer.WriteStringValue(Url(context, name));
        }

        writer.WriteEndArray();
        if (request.OptionalInt("MaxResults") is not null && start + page.Count < names.Count)
        {
            writer.WriteString("NextToken", page[^1]);
        }
    }

    private void GetQueueAttributes(SqsRequest request, Utf8JsonWriter writer)
    {
        var name = QueueName(request);
        var attributes = WireAttributes.Read(queues.GetQueue(name), queues.GetDepth(name), request.StringList("AttributeNames"));
        writer.WriteStartObject("Attributes");
        foreach (var (key, value) in attributes)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private SentMessage Send(string queueName, SqsRequest request)
    {
        var delay = request.OptionalInt("DelaySeconds");
        return queues.Send(queueName, request.RequiredString("MessageBody"), request.MessageAttributes(), delay is { } seconds ? TimeSpan.FromSeconds(seconds) : null, request.AwsTraceHeader());
    }

    private void SendMessageBatch(SqsRequest request, Utf8JsonWriter writer)
    {
        var queueName = QueueName(request);
        var total = request.Entries("Entries").Sum(entry => Validation.Size(entry.OptionalString("MessageBody") ?? string.Empty, entry.MessageAttributes()));
        if (total > QueueAttributes.MaxMessageSizeLimit)
        {
            throw new QueueException("BatchRequestTooLong", $"Batch requests cannot be longer than {QueueAttributes.MaxMessageSizeLimit} bytes.");
        }

        Batch(request, writer, entry => Send(queueName, entry), WriteSent);
    }

    /// <summary>Runs each entry of a batch request, writing <c>Successful</c> and <c>Failed</c> as SQS does.</summary>
    private static void Batch<T>(SqsRequest request, Utf8JsonWriter writer, Func<SqsRequest, T> run, Action<Utf8JsonWriter, T>? writeResult)
    {
        var entries = request.Entries("Entries").ToList();
        if (entries.Count == 0)
        {
            throw new QueueException("EmptyBatchRequest", "There should be at least one entry in the request.");
        }

        if (entries.Count > MaxBatchEntries)
        {
            throw new QueueException("TooManyEntriesInBatchRequest", $"Maximum number of entries per request are {MaxBatchEntries}. You have sent {entries.Count}.");
        }

        var ids = entries.Select(entry => entry.OptionalString("Id") ?? string.Empty).ToList();
        if (ids.FirstOrDefault(id => id.Length is 0 or > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) is { } invalid)
        {
            throw new QueueException("InvalidBatchEntryId", $"A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. Invalid: '{invalid}'.");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw new QueueException("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
        }

        var failed = new List<(string Id, QueueException Error)>();
        writer.WriteStartArray("Successful");
        for (var i = 0; i < entries.Count; i++)
        {
            T result;
            try
            {
                result = run(entries[i]);
            }
            catch (QueueException error) when (error.Code != "QueueDoesNotExist")
            {
                failed.Add((ids[i], error));
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("Id", ids[i]);
            writeResult?.Invoke(writer, result);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Failed");
        foreach (var (id, error) in failed)
        {
            writer.WriteStartObject();
            writer.WriteString("Id", id);
            writer.WriteBoolean("SenderFault", Errors.Describe(error.Code).SenderFault);
            writer.WriteString("Code", error.Code);
            writer.WriteString("Message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private async Task ReceiveMessageAsync(SqsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var queueName = QueueName(request);
        var wait = request.OptionalInt("WaitTimeSeconds");
        var visibility = request.OptionalInt("VisibilityTimeout");
        var options = new ReceiveOptions
        {
            MaxNumberOfMessages = request.OptionalInt("MaxNumberOfMessages") ?? 1,
            WaitTime = wait is { } waitSeconds ? TimeSpan.FromSeconds(waitSeconds) : null,
            VisibilityTimeout = visibility is { } visibilitySeconds ? TimeSpan.FromSeconds(visibilitySeconds) : null,
        };
        var systemNames = request.StringList("MessageSystemAttributeNames").Concat(request.StringList("AttributeNames")).ToHashSet(StringComparer.Ordinal);
        var attributeNames = request.StringList("MessageAttributeNames");
        var messages = await queues.ReceiveAsync(queueName, options, cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("Messages");
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("MessageId", message.MessageId);
            writer.WriteString("ReceiptHandle", message.ReceiptHandle);
            writer.WriteString("MD5OfBody", message.Md5OfBody);
            writer.WriteString("Body", message.Body);
            var system = MessageSystemAttributes.Of(message).Where(pair => systemNames.Contains("All") || systemNames.Contains(pair.Key)).ToList();
            if (system.Count > 0)
            {
                writer.WriteStartObject("Attributes");
                foreach (var (key, value) in system)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            var selected = message.MessageAttributes.Where(pair => Selected(attributeNames, pair.Key)).ToDictionary(StringComparer.Ordinal);
            if (MessageDigest.OfAttributes(selected) is { } digest)
            {
                writer.WriteString("MD5OfMessageAttributes", digest);
                writer.WriteStartObject("MessageAttributes");
                foreach (var (key, value) in selected)
                {
                    writer.WriteStartObject(key);
                    WriteAttributeValue(writer, value);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool Selected(IReadOnlyList<string> names, string attribute) =>
        names.Any(name => name is "All" or ".*"
            || string.Equals(name, attribute, StringComparison.Ordinal)
            || (name.EndsWith(".*", StringComparison.Ordinal) && attribute.StartsWith(name[..^1], StringComparison.Ordinal)));

    private static void WriteAttributeValue(Utf8JsonWriter writer, MessageAttributeValue value)
    {
        if (value.StringValue is not null)
        {
            writer.WriteString("StringValue", value.StringValue);
        }

        if (value.BinaryValue is not null)
        {
            writer.WriteBase64String("BinaryValue", value.BinaryValue);
        }

        writer.WriteString("DataType", value.DataType);
    }

    private static void WriteSent(Utf8JsonWriter writer, SentMessage sent)
    {
        writer.WriteString("MessageId", sent.MessageId);
        writer.WriteString("MD5OfMessageBody", sent.Md5OfMessageBody);
        if (sent.Md5OfMessageAttributes is not null)
        {
            writer.WriteString("MD5OfMessageAttributes", sent.Md5OfMessageAttributes);
        }
    }

    private static string QueueName(SqsRequest request)
    {
        var url = request.RequiredString("QueueUrl");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Segments.Length < 2)
        {
            throw new QueueException("InvalidAddress", $"The address {url} is not valid for this endpoint.");
        }

        return Uri.UnescapeDataString(uri.Segments[^1].TrimEnd('/'));
    }

    private static string Url(HttpContext context, string name)
    {
        var request = context.Request;
        return new StringBuilder().Append(request.Scheme).Append("://").Append(request.Host.Value).Append('/')
            .Append(QueueService.AccountId).Append('/').Append(name).ToString();
    }
}
