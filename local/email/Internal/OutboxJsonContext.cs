using System.Text.Json.Serialization;

namespace Platform.Local.Email.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(OutboxMessage))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
