using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>Bucket versioning: version ids, reads by version, delete markers and the version listing.</summary>
public sealed class S3EndpointVersioningTests : IAsyncLifetime
{
    private const string Bucket = "versioned";

    private readonly TempDirectory _directory = new();
    private S3Server _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AmazonS3Client Client => _server.Client;

    public async ValueTask InitializeAsync()
    {
        _server = await S3Server.StartAsync(_directory.Path);
        await Client.PutBucketAsync(Bucket, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task GetBucketVersioning_BeforeAndAfterEnabling_ReportsOffThenEnabled()
    {
        var before = await Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = Bucket }, Cancellation);
        await EnableVersioningAsync();
        var after = await Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = Bucket }, Cancellation);

        Assert.Equal(VersionStatus.Off, before.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Enabled, after.VersioningConfig.Status);
    }

    [Fact]
    public async Task PutObject_VersioningEnabled_GivesEachPutAVersionThatStaysReadable()
    {
        await EnableVersioningAsync();

        var first = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "one" }, Cancellation);
        var second = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "two" }, Cancellation);
        using var latest = await Client.GetObjectAsync(Bucket, "doc", Cancellation);
        using var old = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "doc", VersionId = first.VersionId }, Cancellation);

        Assert.False(string.IsNullOrEmpty(first.VersionId));
        Assert.NotEqual(first.VersionId, second.VersionId);
        Assert.Equal(second.VersionId, latest.VersionId);
        Assert.Equal("two", await ReadAsync(latest));
        Assert.Equal("one", await ReadAsync(old));
        Assert.Equal(first.VersionId, old.VersionId);
    }

    [Fact]
    public async Task PutObject_Unversioned_HasNoVersionIdAndReplacesTheObject()
    {
        var first = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "one" }, Cancellation);
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "two" }, Cancellation);

        var versions = await Client.ListVersionsAsync(new ListVersionsRequest { BucketName = Bucket }, Cancellation);

        Assert.Null(first.VersionId);
        var only = Assert.Single(versions.Versions);
        Assert.Equal("null", only.VersionId);
    }

    [Fact]
    public async Task DeleteObject_VersioningEnabled_AddsADeleteMarkerThatHidesTheObjectUntilRemoved()
    {
        await EnableVersioningAsync();
        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "kept" }, Cancellation);

        var delete = await Client.DeleteObjectAsync(Bucket, "doc", Cancellation);
        var hidden = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.GetObjectAsync(Bucket, "doc", Cancellation));
        using (var byVersion = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "doc", VersionId = put.VersionId }, Cancellation))
        {
            Assert.Equal("kept", await ReadAsync(byVersion));
        }

        var versions = await Client.ListVersionsAsync(new ListVersionsRequest { BucketName = Bucket }, Cancellation);
        await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = "doc", VersionId = delete.VersionId }, Cancellation);
        using var restored = await Client.GetObjectAsync(Bucket, "doc", Cancellation);

        Assert.Equal("true", delete.DeleteMarker);
        Assert.Equal("NoSuchKey", hidden.ErrorCode);
        Assert.Equal(
            [(delete.VersionId, true, true), (put.VersionId, false, false)],
            versions.Versions.Select(v => (v.VersionId, v.IsDeleteMarker ?? false, v.IsLatest ?? false)));
        Assert.Equal("kept", await ReadAsync(restored));
    }

    [Fact]
    public async Task ListVersions_MaxKeys_PagesWithKeyAndVersionIdMarkers()
    {
        await EnableVersioningAsync();
        var written = new List<(string Key, string VersionId)>();
        foreach (var key in new[] { "a", "a", "b", "b" })
        {
            written.Add((key, (await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = key }, Cancellation)).VersionId));
        }

        var first = await Client.ListVersionsAsync(new ListVersionsRequest { BucketName = Bucket, MaxKeys = 3 }, Cancellation);
        var second = await Client.ListVersionsAsync(
            new ListVersionsRequest { BucketName = Bucket, MaxKeys = 3, KeyMarker = first.NextKeyMarker, VersionIdMarker = first.NextVersionIdMarker }, Cancellation);

        // Newest first within a key.
        Assert.Equal([written[1], written[0], written[3]], first.Versions.Select(v => (v.Key, v.VersionId)));
        Assert.True(first.IsTruncated);
        Assert.Equal([written[2]], second.Versions.Select(v => (v.Key, v.VersionId)));
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task GetObject_UnknownVersionId_FailsWithNoSuchVersion()
    {
        await EnableVersioningAsync();
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "x" }, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "doc", VersionId = "not-a-version" }, Cancellation));

        Assert.Equal("NoSuchVersion", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteBucket_OnlyDeleteMarkersLeft_FailsWithBucketNotEmpty()
    {
        await EnableVersioningAsync();
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "doc", ContentBody = "x" }, Cancellation);
        await Client.DeleteObjectAsync(Bucket, "doc", Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.DeleteBucketAsync(Bucket, Cancellation));

        Assert.Equal("BucketNotEmpty", error.ErrorCode);
    }

    private async Task EnableVersioningAsync() =>
        await Client.PutBucketVersioningAsync(
            new PutBucketVersioningRequest { BucketName = Bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } },
            Cancellation);

    private static async Task<string> ReadAsync(GetObjectResponse response)
    {
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }
}
