using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>An Amazon S3 event notification as Lambda receives it (asynchronous invocation), event structure 2.x.</summary>
public sealed class S3Event
{
    /// <summary>The notifications; S3 sends one record per event.</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord>? Records { get; init; }
}

/// <summary>One S3 event.</summary>
public sealed class S3EventRecord
{
    /// <summary>The structure's version, for example "2.1".</summary>
    [JsonPropertyName("eventVersion")]
    public string? EventVersion { get; init; }

    /// <summary>"aws:s3".</summary>
    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    /// <summary>The bucket's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>When S3 finished processing the request.</summary>
    [JsonPropertyName("eventTime")]
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>The event type without the <c>s3:</c> prefix, for example "ObjectCreated:Put".</summary>
    [JsonPropertyName("eventName")]
    public string? EventName { get; init; }

    /// <summary>Who caused the event.</summary>
    [JsonPropertyName("userIdentity")]
    public S3UserIdentity? UserIdentity { get; init; }

    /// <summary>The request that caused the event.</summary>
    [JsonPropertyName("requestParameters")]
    public S3RequestParameters? RequestParameters { get; init; }

    /// <summary>The S3 response headers, x-amz-request-id and x-amz-id-2.</summary>
    [JsonPropertyName("responseElements")]
    public IReadOnlyDictionary<string, string>? ResponseElements { get; init; }

    /// <summary>The bucket and object.</summary>
    [JsonPropertyName("s3")]
    public S3Entity? S3 { get; init; }

    /// <summary>Whether this is an <c>ObjectCreated:*</c> event.</summary>
    [JsonIgnore]
    public bool IsObjectCreated => EventName?.StartsWith("ObjectCreated:", StringComparison.Ordinal) == true;
}

/// <summary>The <c>userIdentity</c> of an S3 event.</summary>
public sealed class S3UserIdentity
{
    /// <summary>The principal that caused the event.</summary>
    [JsonPropertyName("principalId")]
    public string? PrincipalId { get; init; }
}

/// <summary>The <c>requestParameters</c> of an S3 event.</summary>
public sealed class S3RequestParameters
{
    /// <summary>The address the request came from.</summary>
    [JsonPropertyName("sourceIPAddress")]
    public string? SourceIpAddress { get; init; }
}

/// <summary>The <c>s3</c> object of an S3 event.</summary>
public sealed class S3Entity
{
    /// <summary>"1.0".</summary>
    [JsonPropertyName("s3SchemaVersion")]
    public string? S3SchemaVersion { get; init; }

    /// <summary>The id of the bucket's notification configuration.</summary>
    [JsonPropertyName("configurationId")]
    public string? ConfigurationId { get; init; }

    /// <summary>The bucket.</summary>
    [JsonPropertyName("bucket")]
    public S3Bucket? Bucket { get; init; }

    /// <summary>The object.</summary>
    [JsonPropertyName("object")]
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "AWS's field name, as in every S3 event type.")]
    public S3Object? Object { get; init; }
}

/// <summary>The bucket of an S3 event.</summary>
public sealed class S3Bucket
{
    /// <summary>The bucket name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The bucket owner.</summary>
    [JsonPropertyName("ownerIdentity")]
    public S3UserIdentity? OwnerIdentity { get; init; }

    /// <summary>The bucket ARN.</summary>
    [JsonPropertyName("arn")]
    public string? Arn { get; init; }
}

/// <summary>The object of an S3 event.</summary>
public sealed class S3Object
{
    /// <summary>The key, URL-encoded as S3 sends it (a space is <c>+</c>); read it with <see cref="DecodedKey"/>.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The size in bytes (absent for deletions).</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    /// <summary>The ETag, without quotes.</summary>
    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    /// <summary>The version id, in a versioned bucket.</summary>
    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    /// <summary>Orders the events of one key: a greater value (compared as hex of equal length) is a later event.</summary>
    [JsonPropertyName("sequencer")]
    public string? Sequencer { get; init; }

    /// <summary>The key as stored: <see cref="Key"/> with <c>+</c> as space and percent-escapes decoded.</summary>
    [JsonIgnore]
    public string? DecodedKey => Key is null ? null : WebUtility.UrlDecode(Key);
}
