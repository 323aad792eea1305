using System.Security.Cryptography;

namespace Platform.Local.Storage.Internal;

/// <summary>What an event record says about the request that caused it; the same ids go in the response headers.</summary>
internal sealed record RequestInfo(string RequestId, string HostId, string SourceIpAddress, string PrincipalId)
{
    public static RequestInfo Create(string sourceIpAddress, string principalId) =>
        new(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), sourceIpAddress, principalId);
}

/// <summary>The stored attributes of an object: content type, standard headers and user metadata.</summary>
internal sealed record ObjectAttributes(string ContentType, Dictionary<string, string> Headers, Dictionary<string, string> Metadata);

/// <summary>A conditional write: <c>If-Match</c> with an ETag, or <c>If-None-Match: *</c>.</summary>
internal sealed record WriteConditions(string? IfMatch, bool IfNoneMatchAny)
{
    public static readonly WriteConditions None = new(null, false);
}

/// <summary>An object version found for reading, with its content opened when asked for.</summary>
internal sealed record ObjectRead(ObjectVersion Version, bool BucketVersioned, FileStream? Content);

/// <summary>A page of ListObjects: keys after <see cref="StartAfter"/> and after <see cref="Marker"/> (a key or common prefix already returned).</summary>
internal sealed record ListRequest(string Prefix, string? Delimiter, int MaxKeys, string? StartAfter, string? Marker);

internal sealed record ListPage(IReadOnlyList<(string Key, ObjectVersion Version)> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastEntry);

/// <summary>A page of ListObjectVersions.</summary>
internal sealed record VersionListRequest(string Prefix, string? Delimiter, int MaxKeys, string? KeyMarker, string? VersionIdMarker);

internal sealed record VersionEntry(string Key, ObjectVersion Version, bool IsLatest);

internal sealed record VersionPage(IReadOnlyList<VersionEntry> Versions, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextVersionIdMarker);

/// <summary>What a DELETE did: the version removed or the delete marker created.</summary>
internal sealed record DeleteOutcome(string? VersionId, bool DeleteMarker);

/// <summary>A part named in CompleteMultipartUpload, with its checksum when the upload has an algorithm.</summary>
internal sealed record CompletedPart(int PartNumber, string ETag, string? Checksum);

/// <summary>A checksum kept with an object: the algorithm, the base64 value and <c>FULL_OBJECT</c> or <c>COMPOSITE</c>.</summary>
internal sealed record StoredChecksum(string Algorithm, string Value, string Type)
{
    public const string FullObject = "FULL_OBJECT";
    public const string Composite = "COMPOSITE";
}
