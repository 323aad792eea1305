using System.Text.Json;

namespace Platform.Local.Queues.Internal;

/// <summary>Typed reads of an AWS JSON 1.0 request body, failing with the errors SQS gives.</summary>
internal readonly struct SqsRequest(JsonElement root)
{
    public JsonElement Root => root;

    public string? OptionalString(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new QueueException("MissingParameter", $"The request must contain the parameter {name}.");

    public int? OptionalInt(string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Errors.InvalidParameter($"Value {value} for parameter {name} is invalid.");
    }

    public IReadOnlyList<string> StringList(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(item => item.GetString() ?? string.Empty)]
            : [];

    public Dictionary<string, string> StringMap(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return result;
    }

    public IEnumerable<SqsRequest> Entries(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(entry => new SqsRequest(entry))]
            : [];

    public Dictionary<string, MessageAttributeValue> MessageAttributes()
    {
        var result = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("MessageAttributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in attributes.EnumerateObject())
        {
            var attribute = new SqsRequest(property.Value);
            var type = attribute.OptionalString("DataType")
                ?? throw Errors.InvalidParameter($"The message attribute '{property.Name}' must contain a non-empty attribute type.");
            byte[]? binary = null;
            if (attribute.OptionalString("BinaryValue") is { } base64)
            {
                binary = Convert.TryFromBase64String(base64, new byte[base64.Length], out var written)
                    ? Convert.FromBase64String(base64)[..written]
                    : throw Errors.InvalidParameter($"The message attribute '{property.Name}' has an invalid binary value.");
            }

            result[property.Name] = new MessageAttributeValue(type, attribute.OptionalString("StringValue"), binary);
        }

        return result;
    }

    /// <summary>The <c>AWSTraceHeader</c> of <c>MessageSystemAttributes</c>, the only system attribute a sender may set.</summary>
    public string? AwsTraceHeader()
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("MessageSystemAttributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? header = null;
        foreach (var property in attributes.EnumerateObject())
        {
            if (property.Name != "AWSTraceHeader")
            {
                throw Errors.InvalidParameter($"Message system attribute name '{property.Name}' is invalid.");
            }

            var attribute = new SqsRequest(property.Value);
            if (attribute.OptionalString("DataType") != "String" || attribute.OptionalString("StringValue") is not { Length: > 0 } value)
            {
                throw Errors.InvalidParameter("The message system attribute 'AWSTraceHeader' must be of data type String with a non-empty value.");
            }

            header = value;
        }

        return header;
    }
}
