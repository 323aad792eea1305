using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>One entry of a PutEvents request, validated as EventBridge validates it.</summary>
internal sealed class PutEventsEntry
{
    /// <summary>
    /// EventBridge accepts entries up to 1 MB in total per request since 29 January 2026 (raised from 256 KB;
    /// AWS Compute Blog, "larger payloads for asynchronous Lambda, SQS and EventBridge"). Sizes are counted as in
    /// "Calculating Amazon EventBridge PutEvents event entry size" (eb-putevent-size).
    /// </summary>
    public const int MaxRequestEntriesBytes = 1024 * 1024;

    public string? Source { get; private init; }

    public string? DetailType { get; private init; }

    public string? Detail { get; private init; }

    public IReadOnlyList<string> Resources { get; private init; } = [];

    public DateTimeOffset? Time { get; private init; }

    public string BusName { get; private init; } = "default";

    public string? TraceHeader { get; private init; }

    /// <summary>The entry size as AWS counts it: Time is 14 bytes, then the UTF-8 bytes of Source, DetailType, Detail and Resources.</summary>
    public int Size =>
        (Time is null ? 0 : 14) + Utf8(Source) + Utf8(DetailType) + Utf8(Detail) + Resources.Sum(Utf8);

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    public static PutEventsEntry Read(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new AwsError("SerializationException", "Entries must be a list of structures.");
        }

        return new PutEventsEntry
        {
            Source = OptionalString(entry, "Source"),
            DetailType = OptionalString(entry, "DetailType"),
            Detail = OptionalString(entry, "Detail"),
            Resources = StringList(entry, "Resources"),
            Time = Timestamp(entry),
            BusName = BusNameOf(OptionalString(entry, "EventBusName")),
            TraceHeader = OptionalString(entry, "TraceHeader"),
        };
    }

    /// <summary>An entry with these fields, as a PutEvents request would carry them.</summary>
    public static PutEventsEntry Create(string busName, string? source, string? detailType, string? detail, string? traceHeader) => new()
    {
        Source = source,
        DetailType = detailType,
        Detail = detail,
        BusName = BusNameOf(busName),
        TraceHeader = traceHeader,
    };

    /// <summary>An EventBusName may be a name or an ARN (<c>arn:aws:events:region:account:event-bus/name</c>).</summary>
    private static string BusNameOf(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return "default";
        }

        var slash = nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal);
        return slash >= 0 ? nameOrArn[(slash + ":event-bus/".Length)..] : nameOrArn;
    }

    private static string? OptionalString(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new AwsError("SerializationException", $"Expected a string for {name}.");
    }

    private static List<string> StringList(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new AwsError("SerializationException", $"Expected a list for {name}.");
        }

        return [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new AwsError("SerializationException", $"Expected a list of strings for {name}."))];
    }

    /// <summary>The JSON 1.1 protocol sends timestamps as epoch seconds; an ISO 8601 string is accepted too.</summary>
    private static DateTimeOffset? Timestamp(JsonElement entry)
    {
        if (!entry.TryGetProperty(nameof(Time), out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw new AwsError("SerializationException", "Expected a timestamp for Time.");
    }

    /// <summary>The per-entry error EventBridge reports, or null when the entry is valid (the detail is then parsed into <paramref name="detail"/>).</summary>
    public (string Code, string Message)? Validate(out JsonDocument? detail)
    {
        detail = null;
        if (string.IsNullOrEmpty(Source))
        {
            return Required("Source");
        }

        if (string.IsNullOrEmpty(DetailType))
        {
            return Required("DetailType");
        }

        if (string.IsNullOrEmpty(Detail))
        {
            return Required("Detail");
        }

        try
        {
            detail = JsonDocument.Parse(Detail);
        }
        catch (JsonException)
        {
            return ("MalformedDetail", "Detail is malformed.");
        }

        if (detail.RootElement.ValueKind != JsonValueKind.Object)
        {
            detail.Dispose();
            detail = null;
            return ("MalformedDetail", "Detail is malformed.");
        }

        return null;
    }

    private static (string, string) Required(string name) =>
        ("InvalidArgument", $"Parameter {name} is not valid. Reason: {name} is a required argument.");
}
