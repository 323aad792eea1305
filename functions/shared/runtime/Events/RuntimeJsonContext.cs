using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>Source-generated JSON metadata for the AWS event types; function contexts list the same types.</summary>
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(EventBridgeEvent))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(S3Event))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
