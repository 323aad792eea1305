namespace Platform.Local.Storage;

/// <summary>An object as stored by a PUT.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ETag">The entity tag without quotes: the hex MD5 of the content.</param>
/// <param name="VersionId">The version id when the bucket has versioning enabled, otherwise null.</param>
/// <param name="LastModified">When it was stored.</param>
public sealed record StoredObject(string Bucket, string Key, long Size, string ETag, string? VersionId, DateTimeOffset LastModified);
