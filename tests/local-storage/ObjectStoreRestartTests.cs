using Amazon.S3;
using Amazon.S3.Model;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>What a store keeps across a stop and a start on the same state directory.</summary>
public sealed class ObjectStoreRestartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Restart_SameStateDirectory_KeepsBucketsObjectsVersionsAndSettings()
    {
        string etag;
        string firstVersion;
        await using (var before = await S3Server.StartAsync(_directory.Path))
        {
            await before.Client.PutBucketAsync("kept", Cancellation);
            await before.Client.PutBucketVersioningAsync(
                new PutBucketVersioningRequest { BucketName = "kept", VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } },
                Cancellation);
            var first = await before.Client.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "imports/a.csv", ContentBody = "v1" }, Cancellation);
            var request = new PutObjectRequest { BucketName = "kept", Key = "imports/a.csv", ContentBody = "v2", ContentType = "text/csv" };
            request.Metadata["batch"] = "9";
            etag = (await before.Client.PutObjectAsync(request, Cancellation)).ETag;
            firstVersion = first.VersionId;
        }

        await using var after = await S3Server.StartAsync(_directory.Path);
        using var latest = await after.Client.GetObjectAsync("kept", "imports/a.csv", Cancellation);
        using var old = await after.Client.GetObjectAsync(new GetObjectRequest { BucketName = "kept", Key = "imports/a.csv", VersionId = firstVersion }, Cancellation);
        var versioning = await after.Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = "kept" }, Cancellation);

        Assert.Equal(etag, latest.ETag);
        Assert.Equal("v2", await new StreamReader(latest.ResponseStream).ReadToEndAsync(Cancellation));
        Assert.Equal("text/csv", latest.Headers.ContentType);
        Assert.Equal("9", latest.Metadata["batch"]);
        Assert.Equal("v1", await new StreamReader(old.ResponseStream).ReadToEndAsync(Cancellation));
        Assert.Equal(VersionStatus.Enabled, versioning.VersioningConfig.Status);
    }

    [Fact]
    public async Task Restart_AfterAnUploadWasCutOff_DropsItsLeftovers()
    {
        await using (var before = await S3Server.StartAsync(_directory.Path))
        {
            await before.Client.PutBucketAsync("kept", Cancellation);
            await before.Client.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "whole", ContentBody = "x" }, Cancellation);
        }

        // What a stop in the middle of a PUT leaves: a partial temporary file and a content file no key refers to.
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "tmp", "partial"), "half", Cancellation);
        var orphan = Path.Combine(_directory.Path, "buckets", "kept", "data", "orphan");
        await File.WriteAllTextAsync(orphan, "unreferenced", Cancellation);

        await using var after = await S3Server.StartAsync(_directory.Path);
        var listed = await after.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "kept" }, Cancellation);

        Assert.Equal("whole", Assert.Single(listed.S3Objects).Key);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "tmp")));
        Assert.False(File.Exists(orphan));
    }
}
