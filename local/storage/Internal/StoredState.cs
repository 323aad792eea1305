using System.Text.Json.Serialization;

namespace Platform.Local.Storage.Internal;

/// <summary>A bucket's settings, kept in <c>bucket.json</c> in its directory.</summary>
internal sealed class BucketRecord
{
    public required string Name { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required string Region { get; init; }

    /// <summary>Null until versioning is first configured, then <c>Enabled</c> or <c>Suspended</c>; never null again.</summary>
    public string? Versioning { get; set; }
}

/// <summary>One key's versions, newest first, kept in one file named after the key's hash.</summary>
internal sealed class KeyRecord
{
    public required string Key { get; init; }

    public List<ObjectVersion> Versions { get; init; } = [];

    [JsonIgnore]
    public ObjectVersion? Latest => Versions.Count > 0 ? Versions[0] : null;
}

/// <summary>One version of an object, or a delete marker.</summary>
internal sealed record ObjectVersion
{
    /// <summary>The version id; <see cref="NullVersionId"/> for objects written while versioning was not enabled.</summary>
    public required string VersionId { get; init; }

    public bool IsDeleteMarker { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public long Size { get; init; }

    /// <summary>The entity tag without quotes: the MD5 in hex, or for a multipart upload the MD5 of the parts' MD5s and <c>-N</c>.</summary>
    public string ETag { get; init; } = string.Empty;

    /// <summary>The content's file name in the bucket's data directory; null for a delete marker.</summary>
    public string? DataFile { get; init; }

    public string ContentType { get; init; } = ObjectHeaders.DefaultContentType;

    /// <summary>Content-Encoding, Content-Disposition, Content-Language, Cache-Control and Expires, as given.</summary>
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>User metadata: the names after <c>x-amz-meta-</c>, lower case.</summary>
    public Dictionary<string, string> Metadata { get; init; } = [];

    /// <summary>The checksum algorithm (<c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>) the client supplied a value for.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>The checksum, base64, as S3 reports it.</summary>
    public string? ChecksumValue { get; init; }

    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c>.</summary>
    public string? ChecksumType { get; init; }

    /// <summary>For an object made by a multipart upload, the size of each part, so that GET can serve <c>?partNumber=</c>.</summary>
    public List<long>? PartSizes { get; init; }

    /// <summary>The ObjectCreated event this version caused, so that a redelivery repeats its record; null for a delete marker.</summary>
    public CreatedEvent? Created { get; init; }

    public const string NullVersionId = "null";
}

/// <summary>What an ObjectCreated record says beyond the version itself: its name, sequencer and the request that caused it.</summary>
internal sealed record CreatedEvent(string EventName, string Sequencer, string RequestId, string HostId, string SourceIpAddress, string PrincipalId);

/// <summary>An in-progress multipart upload, kept in its own directory with one file per part.</summary>
internal sealed class UploadRecord
{
    public required string UploadId { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required DateTimeOffset Initiated { get; init; }

    public required string ContentType { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    public Dictionary<string, string> Metadata { get; init; } = [];

    public string? ChecksumAlgorithm { get; init; }

    public string? ChecksumType { get; init; }
}

/// <summary>A part of a multipart upload, kept beside its content.</summary>
internal sealed record PartRecord
{
    public required int PartNumber { get; init; }

    public required long Size { get; init; }

    /// <summary>The part's MD5 in hex.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public string? ChecksumValue { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BucketRecord))]
[JsonSerializable(typeof(KeyRecord))]
[JsonSerializable(typeof(UploadRecord))]
[JsonSerializable(typeof(PartRecord))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
