using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Util;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>Bucket operations and their S3 errors, through the real client.</summary>
public sealed class S3EndpointBucketTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private S3Server _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AmazonS3Client Client => _server.Client;

    public async ValueTask InitializeAsync() => _server = await S3Server.StartAsync(_directory.Path);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task PutBucket_NewName_IsListedAndFoundByHead()
    {
        await Client.PutBucketAsync("catalogue-imports", Cancellation);

        var list = await Client.ListBucketsAsync(Cancellation);
        var exists = await AmazonS3Util.DoesS3BucketExistV2Async(Client, "catalogue-imports");
        var missing = await AmazonS3Util.DoesS3BucketExistV2Async(Client, "not-there");

        Assert.Equal("catalogue-imports", Assert.Single(list.Buckets).BucketName);
        Assert.True(exists);
        Assert.False(missing);
        Assert.Equal(["catalogue-imports"], _server.Store.BucketNames);
    }

    [Fact]
    public async Task PutBucket_NameTaken_FailsWithBucketAlreadyOwnedByYou()
    {
        await Client.PutBucketAsync("taken", Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.PutBucketAsync("taken", Cancellation));

        Assert.Equal("BucketAlreadyOwnedByYou", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Theory]
    [InlineData("UpperCase")]
    [InlineData("ab")]
    [InlineData("under_score")]
    [InlineData("192.168.5.4")]
    [InlineData("-leading-dash")]
    public async Task PutBucket_InvalidName_FailsWithInvalidBucketName(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/" + name);

        using var response = await _server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidBucketName</Code>", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteBucket_WithAnObject_FailsWithBucketNotEmptyUntilTheObjectIsDeleted()
    {
        await Client.PutBucketAsync("full", Cancellation);
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = "full", Key = "x", ContentBody = "x" }, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.DeleteBucketAsync("full", Cancellation));
        await Client.DeleteObjectAsync("full", "x", Cancellation);
        await Client.DeleteBucketAsync("full", Cancellation);

        Assert.Equal("BucketNotEmpty", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Empty((await Client.ListBucketsAsync(Cancellation)).Buckets ?? []);
    }

    [Fact]
    public async Task ObjectOperations_MissingBucket_FailWithNoSuchBucket()
    {
        var put = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.PutObjectAsync(new PutObjectRequest { BucketName = "nowhere", Key = "x", ContentBody = "x" }, Cancellation));
        var list = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "nowhere" }, Cancellation));

        Assert.Equal("NoSuchBucket", put.ErrorCode);
        Assert.Equal("NoSuchBucket", list.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task GetBucketLocation_BucketCreatedInARegion_ReportsThatRegion()
    {
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = "in-sydney", BucketRegionName = "ap-southeast-2" }, Cancellation);
        await Client.PutBucketAsync("in-default", Cancellation);

        var sydney = await Client.GetBucketLocationAsync("in-sydney", Cancellation);
        var standard = await Client.GetBucketLocationAsync("in-default", Cancellation);

        Assert.Equal("ap-southeast-2", sydney.Location.Value);
        Assert.True(string.IsNullOrEmpty(standard.Location?.Value) || standard.Location == S3Region.USEast1);
    }
}
