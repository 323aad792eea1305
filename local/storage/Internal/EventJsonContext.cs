using System.Text.Json.Serialization;

namespace Platform.Local.Storage.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(S3EventNotification))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
