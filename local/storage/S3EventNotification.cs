using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

/// <summary>
/// The message S3 sends for a bucket event (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html):
/// <c>{"Records":[…]}</c> with one record, as Lambda receives it.
/// </summary>
public sealed record S3EventNotification
{
    /// <summary>The event records; S3 sends one per message.</summary>
    [JsonPropertyName("Records")]
    public required IReadOnlyList<S3EventRecord> Records { get; init; }

    /// <summary>The message as S3 sends it, in JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EventJsonContext.Default.S3EventNotification);

    /// <summary>The message as UTF-8 JSON bytes (what an asynchronous Lambda invocation takes as its payload).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, EventJsonContext.Default.S3EventNotification);
}

/// <summary>One bucket event.</summary>
public sealed record S3EventRecord
{
    /// <summary><c>2.1</c>, the version S3 uses for object-created and object-removed events.</summary>
    public string EventVersion { get; init; } = "2.1";

    /// <summary>Always <c>aws:s3</c>.</summary>
    public string EventSource { get; init; } = "aws:s3";

    /// <summary>The bucket's region.</summary>
    public required string AwsRegion { get; init; }

    /// <summary>When S3 finished the request: ISO-8601 in UTC with milliseconds (<c>1970-01-01T00:00:00.000Z</c>).</summary>
    public required string EventTime { get; init; }

    /// <summary>The event type without the <c>s3:</c> prefix, for example <c>ObjectCreated:Put</c>.</summary>
    public required string EventName { get; init; }

    /// <summary>Who made the request.</summary>
    public required S3EventIdentity UserIdentity { get; init; }

    /// <summary>Where the request came from.</summary>
    public required S3EventRequestParameters RequestParameters { get; init; }

    /// <summary>The ids S3 answered the request with.</summary>
    public required S3EventResponseElements ResponseElements { get; init; }

    /// <summary>The bucket and object.</summary>
    [JsonPropertyName("s3")]
    public required S3EventEntity S3 { get; init; }
}

/// <summary>A principal: <c>{"principalId": …}</c>.</summary>
/// <param name="PrincipalId">The principal's id.</param>
public sealed record S3EventIdentity([property: JsonPropertyName("principalId")] string PrincipalId);

/// <summary>The request's source.</summary>
/// <param name="SourceIpAddress">The client's IP address.</param>
public sealed record S3EventRequestParameters([property: JsonPropertyName("sourceIPAddress")] string SourceIpAddress);

/// <summary>The response headers that identify the request.</summary>
/// <param name="RequestId">The <c>x-amz-request-id</c> the request was answered with.</param>
/// <param name="HostId">The <c>x-amz-id-2</c> the request was answered with.</param>
public sealed record S3EventResponseElements(
    [property: JsonPropertyName("x-amz-request-id")] string RequestId,
    [property: JsonPropertyName("x-amz-id-2")] string HostId);

/// <summary>The <c>s3</c> element: the configuration that matched, the bucket and the object.</summary>
public sealed record S3EventEntity
{
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("s3SchemaVersion")]
    public string S3SchemaVersion { get; init; } = "1.0";

    /// <summary>The id of the notification configuration that matched.</summary>
    public required string ConfigurationId { get; init; }

    /// <summary>The bucket.</summary>
    public required S3EventBucket Bucket { get; init; }

    /// <summary>The object.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the record's s3.object element.")]
    public required S3EventObject Object { get; init; }
}

/// <summary>The bucket of an event.</summary>
public sealed record S3EventBucket
{
    /// <summary>The bucket name.</summary>
    public required string Name { get; init; }

    /// <summary>The bucket owner.</summary>
    public required S3EventIdentity OwnerIdentity { get; init; }

    /// <summary><c>arn:aws:s3:::{name}</c>.</summary>
    public required string Arn { get; init; }
}

/// <summary>The object of an event.</summary>
public sealed record S3EventObject
{
    /// <summary>The key, URL-encoded as S3 sends it (<c>red flower.jpg</c> is <c>red+flower.jpg</c>): decode before use.</summary>
    public required string Key { get; init; }

    /// <summary>The size in bytes; absent for removal events.</summary>
    public long? Size { get; init; }

    /// <summary>The entity tag without quotes; absent for removal events.</summary>
    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    /// <summary>The version id, when the bucket is versioned.</summary>
    public string? VersionId { get; init; }

    /// <summary>Hexadecimal, increasing for successive events on one key: compare to order them.</summary>
    public required string Sequencer { get; init; }
}
