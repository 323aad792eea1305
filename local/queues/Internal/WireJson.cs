using System.Text.Json.Serialization;

namespace Platform.Local.Queues.Internal;

[JsonSerializable(typeof(string))]
internal sealed partial class WireJson : JsonSerializerContext;
