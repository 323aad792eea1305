using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Platform.Local.Storage;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>Multipart uploads, through TransferUtility and the low-level calls.</summary>
public sealed class S3MultipartUploadTests : IAsyncLifetime
{
    private const string Bucket = "multipart";
    private const int MinPartSize = 1024;

    private readonly TempDirectory _directory = new();
    private S3Server _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AmazonS3Client Client => _server.Client;

    public async ValueTask InitializeAsync()
    {
        _server = await S3Server.StartAsync(_directory.Path, o => o with { MinPartSize = MinPartSize });
        await Client.PutBucketAsync(Bucket, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task TransferUtility_FileAboveTheMultipartThreshold_IsUploadedInPartsAndNotifiedOnce()
    {
        var inbox = new Inbox();
        _server.Store.AddNotification(Bucket, new NotificationRule { Id = "imports", Events = ["s3:ObjectCreated:*"], Prefix = "imports/" }, inbox.DeliverAsync);
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        using var transfer = new TransferUtility(Client);

        await transfer.UploadAsync(
            new TransferUtilityUploadRequest { BucketName = Bucket, Key = "imports/big.csv", InputStream = new MemoryStream(content), PartSize = 5 * 1024 * 1024 },
            Cancellation);
        await Inbox.DrainAsync(_server.Store);
        using var get = await Client.GetObjectAsync(Bucket, "imports/big.csv", Cancellation);

        Assert.Equal(content, await ReadAllBytesAsync(get));
        Assert.Matches("^\"[0-9a-f]{32}-4\"$", get.ETag);
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("?uploads", StringComparison.Ordinal));
        var record = Assert.Single(inbox.Received).Records[0];
        Assert.Equal("ObjectCreated:CompleteMultipartUpload", record.EventName);
        Assert.Equal(content.Length, record.S3.Object.Size);
    }

    [Fact]
    public async Task CompleteMultipartUpload_ThreeParts_JoinsThemWithS3sMultipartETagAndServesEachPart()
    {
        var parts = new[] { RandomNumberGenerator.GetBytes(2048), RandomNumberGenerator.GetBytes(2048), RandomNumberGenerator.GetBytes(100) };
        var upload = await Client.InitiateMultipartUploadAsync(Bucket, "joined", Cancellation);
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await Client.UploadPartAsync(
                new UploadPartRequest { BucketName = Bucket, Key = "joined", UploadId = upload.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]) },
                Cancellation);
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        var complete = await Client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = Bucket, Key = "joined", UploadId = upload.UploadId, PartETags = etags }, Cancellation);
        using var whole = await Client.GetObjectAsync(Bucket, "joined", Cancellation);
        using var second = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "joined", PartNumber = 2 }, Cancellation);

        var expected = Convert.ToHexStringLower(Md5(parts.SelectMany(Md5).ToArray())) + "-3";
        Assert.Equal($"\"{expected}\"", complete.ETag);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), await ReadAllBytesAsync(whole));
        Assert.Equal(parts[1], await ReadAllBytesAsync(second));
        Assert.Equal(3, second.PartsCount);
        Assert.Equal("bytes 2048-4095/4196", second.ContentRange);
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartBelowTheMinimumBeforeTheLast_FailsWithEntityTooSmall()
    {
        var upload = await Client.InitiateMultipartUploadAsync(Bucket, "small", Cancellation);
        var first = await UploadPartAsync(upload.UploadId, "small", 1, MinPartSize - 1);
        var second = await UploadPartAsync(upload.UploadId, "small", 2, 10);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = Bucket, Key = "small", UploadId = upload.UploadId, PartETags = [first, second] }, Cancellation));

        Assert.Equal("EntityTooSmall", error.ErrorCode);
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrongETagOrOrder_FailsWithInvalidPartOrInvalidPartOrder()
    {
        var upload = await Client.InitiateMultipartUploadAsync(Bucket, "parts", Cancellation);
        var first = await UploadPartAsync(upload.UploadId, "parts", 1, MinPartSize);
        var second = await UploadPartAsync(upload.UploadId, "parts", 2, 10);

        var wrongTag = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest
            {
                BucketName = Bucket, Key = "parts", UploadId = upload.UploadId, PartETags = [first, new PartETag(2, "\"00000000000000000000000000000000\"")],
            },
            Cancellation));

        // The SDK sorts the parts it sends, so the wrong order goes raw.
        using var reversed = new HttpRequestMessage(HttpMethod.Post, $"/{Bucket}/parts?uploadId={Uri.EscapeDataString(upload.UploadId)}")
        {
            Content = new StringContent(
                $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{second.ETag}</ETag></Part>"
                + $"<Part><PartNumber>1</PartNumber><ETag>{first.ETag}</ETag></Part></CompleteMultipartUpload>"),
        };
        using var wrongOrder = await _server.SendAsync(reversed);

        Assert.Equal("InvalidPart", wrongTag.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongOrder.StatusCode);
        Assert.Contains("<Code>InvalidPartOrder</Code>", await wrongOrder.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AbortMultipartUpload_ThenUploadPart_FailsWithNoSuchUpload()
    {
        var upload = await Client.InitiateMultipartUploadAsync(Bucket, "aborted", Cancellation);
        await UploadPartAsync(upload.UploadId, "aborted", 1, 10);
        var listed = await Client.ListMultipartUploadsAsync(Bucket, Cancellation);

        await Client.AbortMultipartUploadAsync(Bucket, "aborted", upload.UploadId, Cancellation);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => UploadPartAsync(upload.UploadId, "aborted", 2, 10));

        Assert.Equal(upload.UploadId, Assert.Single(listed.MultipartUploads).UploadId);
        Assert.Equal("NoSuchUpload", error.ErrorCode);
        Assert.Empty((await Client.ListMultipartUploadsAsync(Bucket, Cancellation)).MultipartUploads ?? []);
    }

    private async Task<PartETag> UploadPartAsync(string uploadId, string key, int number, int size)
    {
        var response = await Client.UploadPartAsync(
            new UploadPartRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartNumber = number, InputStream = new MemoryStream(new byte[size]) },
            Cancellation);
        return new PartETag(number, response.ETag);
    }

#pragma warning disable CA5351 // S3's ETags are MD5s by definition.
    private static byte[] Md5(byte[] data) => MD5.HashData(data);
#pragma warning restore CA5351

    private static async Task<byte[]> ReadAllBytesAsync(GetObjectResponse response)
    {
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, Cancellation);
        return buffer.ToArray();
    }
}
