using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Platform.Local.Lambda;

/// <summary>Why an asynchronous event went to the on-failure destination.</summary>
public enum DestinationCondition
{
    /// <summary>Every attempt failed (<c>RetriesExhausted</c>).</summary>
    RetriesExhausted,

    /// <summary>The event got older than MaximumEventAge (<c>EventAgeExceeded</c>).</summary>
    EventAgeExceeded,
}

/// <summary>The invocation record Lambda sends to an asynchronous invocation's on-failure destination.</summary>
/// <remarks>Shape: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (version 1.0).</remarks>
public sealed record DestinationRecord
{
    /// <summary>When the record was created.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The request id of the event (the same on every attempt).</summary>
    public required string RequestId { get; init; }

    /// <summary>The invoked function's ARN, with its version qualifier.</summary>
    public required string FunctionArn { get; init; }

    /// <summary>Why the event was sent here.</summary>
    public required DestinationCondition Condition { get; init; }

    /// <summary>How many times the function was invoked with the event.</summary>
    public required int ApproximateInvokeCount { get; init; }

    /// <summary>The event.</summary>
    public required ReadOnlyMemory<byte> RequestPayload { get; init; }

    /// <summary>The last attempt's error body.</summary>
    public required ReadOnlyMemory<byte> ResponsePayload { get; init; }

    /// <summary>The record as Lambda serializes it; payloads that are JSON are embedded, others as strings.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512 + RequestPayload.Length + ResponsePayload.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteString("timestamp", Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartObject("requestContext");
            writer.WriteString("requestId", RequestId);
            writer.WriteString("functionArn", FunctionArn);
            writer.WriteString("condition", Condition.ToString());
            writer.WriteNumber("approximateInvokeCount", ApproximateInvokeCount);
            writer.WriteEndObject();
            WritePayload(writer, "requestPayload", RequestPayload);
            writer.WriteStartObject("responseContext");
            writer.WriteNumber("statusCode", 200);
            writer.WriteString("executedVersion", "$LATEST");
            writer.WriteString("functionError", "Unhandled");
            writer.WriteEndObject();
            WritePayload(writer, "responsePayload", ResponsePayload);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePayload(Utf8JsonWriter writer, string name, ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            writer.WritePropertyName(name);
            document.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString(name, System.Text.Encoding.UTF8.GetString(payload.Span));
        }
    }
}
