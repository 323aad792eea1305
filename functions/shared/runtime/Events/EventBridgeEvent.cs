using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>An EventBridge event envelope; scheduled events have detail-type "Scheduled Event" and source "aws.events".</summary>
public sealed class EventBridgeEvent
{
    /// <summary>The detail-type of scheduled events.</summary>
    public const string ScheduledEventDetailType = "Scheduled Event";

    /// <summary>The source of scheduled events.</summary>
    public const string ScheduledEventSource = "aws.events";

    /// <summary>The envelope version, "0".</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>The event id, unique per event (the same on redelivery).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The event type, for example "Order Created".</summary>
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    /// <summary>The producer, for example "platform.orders".</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    /// <summary>The account the event was published in.</summary>
    [JsonPropertyName("account")]
    public string? Account { get; init; }

    /// <summary>When the event happened, ISO 8601.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    /// <summary>The region the event was published in.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }

    /// <summary>ARNs of the resources the event concerns (the schedule rule for scheduled events).</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>The event payload.</summary>
    [JsonPropertyName("detail")]
    public JsonElement Detail { get; init; }

    /// <summary>Whether this is a scheduled event.</summary>
    [JsonIgnore]
    public bool IsScheduledEvent => DetailType == ScheduledEventDetailType && Source == ScheduledEventSource;

    /// <summary>Deserializes <see cref="Detail"/> with source-generated metadata.</summary>
    /// <typeparam name="TDetail">The detail type.</typeparam>
    /// <param name="detailType">The detail type's metadata from a <see cref="JsonSerializerContext"/>.</param>
    public TDetail? DetailAs<TDetail>(JsonTypeInfo<TDetail> detailType) =>
        Detail.ValueKind == JsonValueKind.Undefined ? default : Detail.Deserialize(detailType);
}
