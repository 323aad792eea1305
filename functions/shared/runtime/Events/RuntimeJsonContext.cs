using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>Source-generated JSON metadata for the AWS event types; function contexts list the same types.</summary>
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(EventBridgeEvent))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
