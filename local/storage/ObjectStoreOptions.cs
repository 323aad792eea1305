namespace Platform.Local.Storage;

/// <summary>Settings of an <see cref="ObjectStore"/>.</summary>
public sealed record ObjectStoreOptions
{
    /// <summary>S3's largest single PUT, 5 GiB.</summary>
    public const long S3MaxObjectSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Where buckets and objects are kept across restarts.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The region that buckets report and event records carry.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The largest object a PUT, copy or completed multipart upload may create; larger ones fail with <c>EntityTooLarge</c>.</summary>
    public long MaxObjectSize { get; init; } = S3MaxObjectSize;

    /// <summary>The smallest size of a multipart upload's parts other than the last (S3: 5 MiB).</summary>
    public long MinPartSize { get; init; } = 5L * 1024 * 1024;

    /// <summary>The canonical id of the local account: bucket owner in listings and <c>ownerIdentity</c> in event records.</summary>
    public string OwnerId { get; init; } = "A1LOCALOWNER";

    /// <summary>The clock for Last-Modified, event times and sequencers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
