using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Utilities.Internal;

/// <summary>Source-generated serialization for every AWS wire shape in this library (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(PutEventsRequestWire))]
[JsonSerializable(typeof(PutEventsResponseWire))]
[JsonSerializable(typeof(SendEmailRequestWire))]
[JsonSerializable(typeof(SendEmailResponseWire))]
[JsonSerializable(typeof(AwsErrorWire))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;

internal sealed class AwsErrorWire
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    // REST-JSON services sometimes name the error type "code" instead of "__type".
    public string? Code { get; set; }

    public string? Message { get; set; }
}
