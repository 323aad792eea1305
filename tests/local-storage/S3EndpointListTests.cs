using Amazon.S3;
using Amazon.S3.Model;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>ListObjectsV2 (and v1) paging, prefixes, delimiters and order, through the real client.</summary>
public sealed class S3EndpointListTests : IAsyncLifetime
{
    private const string Bucket = "listing";

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
    public async Task ListObjectsV2_MaxKeys_PagesWithContinuationTokensThroughEveryKeyOnce()
    {
        var keys = Enumerable.Range(0, 7).Select(i => $"k{i}").ToArray();
        await PutAsync(keys);

        var pages = new List<ListObjectsV2Response>();
        string? token = null;
        do
        {
            var page = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, MaxKeys = 3, ContinuationToken = token }, Cancellation);
            pages.Add(page);
            token = page.NextContinuationToken;
        }
        while (pages[^1].IsTruncated == true);

        Assert.Equal([3, 3, 1], pages.Select(p => p.KeyCount ?? 0));
        Assert.Equal([true, true, false], pages.Select(p => p.IsTruncated ?? false));
        Assert.Null(pages[^1].NextContinuationToken);
        Assert.Equal(keys, pages.SelectMany(p => p.S3Objects).Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjectsV2_Delimiter_RollsKeysUpIntoCommonPrefixes()
    {
        await PutAsync("imports/a.csv", "imports/b.csv", "reports/2026/x.json", "reports/y.json", "readme.txt");

        var top = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Delimiter = "/" }, Cancellation);
        var reports = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Delimiter = "/", Prefix = "reports/" }, Cancellation);

        Assert.Equal(["imports/", "reports/"], top.CommonPrefixes);
        Assert.Equal("readme.txt", Assert.Single(top.S3Objects).Key);
        Assert.Equal(3, top.KeyCount);
        Assert.Equal(["reports/2026/"], reports.CommonPrefixes);
        Assert.Equal("reports/y.json", Assert.Single(reports.S3Objects).Key);
        Assert.Equal("reports/", reports.Prefix);
    }

    [Fact]
    public async Task ListObjectsV2_DelimiterWithOneKeyPages_ReturnsEachCommonPrefixOnce()
    {
        await PutAsync("a/1", "a/2", "a/3", "b", "c/1", "c/2");

        var entries = new List<string>();
        string? token = null;
        bool truncated;
        do
        {
            var page = await Client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = Bucket, Delimiter = "/", MaxKeys = 1, ContinuationToken = token }, Cancellation);
            Assert.Equal(1, page.KeyCount);
            entries.AddRange(page.CommonPrefixes ?? []);
            entries.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.NextContinuationToken;
            truncated = page.IsTruncated ?? false;
        }
        while (truncated);

        Assert.Equal(["a/", "b", "c/"], entries);
    }

    [Fact]
    public async Task ListObjectsV2_PrefixAndStartAfter_ListOnlyLaterKeysUnderThePrefix()
    {
        await PutAsync("imports/1.csv", "imports/2.csv", "imports/3.csv", "importsX", "other/1.csv");

        var listed = await Client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = Bucket, Prefix = "imports/", StartAfter = "imports/1.csv" }, Cancellation);

        Assert.Equal(["imports/2.csv", "imports/3.csv"], listed.S3Objects.Select(o => o.Key));
        Assert.Equal("imports/1.csv", listed.StartAfter);
        Assert.False(listed.IsTruncated);
    }

    [Fact]
    public async Task ListObjectsV2_Contents_CarryETagSizeAndStorageClass()
    {
        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "one", ContentBody = "12345" }, Cancellation);

        var listed = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, FetchOwner = true }, Cancellation);

        var item = Assert.Single(listed.S3Objects);
        Assert.Equal(put.ETag, item.ETag);
        Assert.Equal(5, item.Size);
        Assert.Equal(S3StorageClass.Standard, item.StorageClass);
        Assert.NotNull(item.Owner?.Id);
        Assert.InRange(item.LastModified!.Value.ToUniversalTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ListObjectsV2_KeysOutsideTheBasicPlane_AreInUtf8ByteOrder()
    {
        // U+FF5E is EF BD 9E in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 the surrogate D83D sorts first.
        await PutAsync("\U0001F600", "\uFF5E", "a");

        var listed = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Cancellation);

        Assert.Equal(["a", "\uFF5E", "\U0001F600"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task ListObjectsV2_MaxKeysZero_AnswersEmptyAndComplete()
    {
        await PutAsync("a");

        var listed = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, MaxKeys = 0 }, Cancellation);

        Assert.Empty(listed.S3Objects ?? []);
        Assert.False(listed.IsTruncated);
    }

    [Fact]
    public async Task ListObjectsV2_InvalidContinuationToken_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, ContinuationToken = "bm90LW91cnM=" }, Cancellation));

        Assert.Equal("InvalidArgument", error.ErrorCode);
    }

    [Fact]
    public async Task ListObjects_Version1WithMarker_PagesThroughKeys()
    {
        await PutAsync("a", "b", "c");

        var first = await Client.ListObjectsAsync(new ListObjectsRequest { BucketName = Bucket, MaxKeys = 2 }, Cancellation);
        var second = await Client.ListObjectsAsync(new ListObjectsRequest { BucketName = Bucket, MaxKeys = 2, Marker = first.S3Objects[^1].Key }, Cancellation);

        Assert.Equal(["a", "b"], first.S3Objects.Select(o => o.Key));
        Assert.True(first.IsTruncated);
        Assert.Equal(["c"], second.S3Objects.Select(o => o.Key));
        Assert.False(second.IsTruncated);
    }

    private async Task PutAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = key }, Cancellation);
        }
    }
}
