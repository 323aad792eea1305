using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>Object operations driven by the real AWSSDK.S3 client, with its default aws-chunked uploads and flexible checksums.</summary>
public sealed class S3EndpointObjectTests : IAsyncLifetime
{
    private const string Bucket = "objects";

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
    public async Task PutObject_StringBody_GetReturnsContentContentTypeMetadataAndMd5ETag()
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = "docs/hello.txt", ContentBody = "hello, world", ContentType = "text/plain; charset=utf-8" };
        request.Metadata["owner"] = "catalogue-team";

        var put = await Client.PutObjectAsync(request, Cancellation);
        using var get = await Client.GetObjectAsync(Bucket, "docs/hello.txt", Cancellation);

        var md5 = Md5Hex("hello, world"u8.ToArray());
        Assert.Equal($"\"{md5}\"", put.ETag);
        Assert.Equal($"\"{md5}\"", get.ETag);
        Assert.Equal("hello, world", await ReadAllTextAsync(get));
        Assert.Equal("text/plain; charset=utf-8", get.Headers.ContentType);
        Assert.Equal("catalogue-team", get.Metadata["owner"]);
        Assert.Equal(12, get.ContentLength);
    }

    [Fact]
    public async Task PutObject_DefaultClient_SendsAwsChunkedWithCrc32TrailerThatIsStoredAndReturned()
    {
        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "crc.txt", ContentBody = "hello" }, Cancellation);
        using var get = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "crc.txt", ChecksumMode = ChecksumMode.ENABLED }, Cancellation);

        var sent = _server.Requests.Single(r => r.Method == "PUT" && r.PathAndQuery == $"/{Bucket}/crc.txt").Headers;
        Assert.Equal("aws-chunked", sent["Content-Encoding"]);
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", sent["x-amz-content-sha256"]);
        Assert.Equal("x-amz-checksum-crc32", sent["x-amz-trailer"]);

        // CRC32 of "hello" is 0x3610A686, which S3 sends big-endian in base64.
        Assert.Equal("NhCmhg==", put.ChecksumCRC32);
        Assert.Equal("NhCmhg==", get.ChecksumCRC32);
        Assert.Equal("hello", await ReadAllTextAsync(get));
    }

    [Theory]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public async Task GetObject_ChecksumAlgorithmChosenAtPut_IsReturnedAndValidatedByTheClient(string algorithm)
    {
        var content = RandomBytes(300_000);
        var checksumAlgorithm = ChecksumAlgorithm.FindValue(algorithm);

        var put = await Client.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = "sum", InputStream = new MemoryStream(content), ChecksumAlgorithm = checksumAlgorithm }, Cancellation);
        using var get = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "sum", ChecksumMode = ChecksumMode.ENABLED }, Cancellation);

        Assert.Equal(content, await ReadAllBytesAsync(get));
        var expected = algorithm switch
        {
            "CRC32C" => put.ChecksumCRC32C,
            "CRC64NVME" => put.ChecksumCRC64NVME,
            "SHA1" => put.ChecksumSHA1,
            _ => put.ChecksumSHA256,
        };
        var returned = algorithm switch
        {
            "CRC32C" => get.ChecksumCRC32C,
            "CRC64NVME" => get.ChecksumCRC64NVME,
            "SHA1" => get.ChecksumSHA1,
            _ => get.ChecksumSHA256,
        };
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.Equal(expected, returned);
        if (algorithm == "SHA256")
        {
            Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), returned);
        }
    }

    [Fact]
    public async Task PutObject_LargeStream_IsStoredWholeWithMd5ETag()
    {
        var content = RandomBytes(20 * 1024 * 1024);

        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "large.bin", InputStream = new MemoryStream(content) }, Cancellation);
        using var get = await Client.GetObjectAsync(Bucket, "large.bin", Cancellation);

        Assert.Equal($"\"{Md5Hex(content)}\"", put.ETag);
        Assert.Equal(content.Length, get.ContentLength);
        Assert.Equal(content, await ReadAllBytesAsync(get));
    }

    [Fact]
    public async Task PutObject_WithoutChunkEncoding_StoresTheSignedPayload()
    {
        var content = RandomBytes(70_000);

        await Client.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = "plain.bin", InputStream = new MemoryStream(content), UseChunkEncoding = false }, Cancellation);
        using var get = await Client.GetObjectAsync(Bucket, "plain.bin", Cancellation);

        Assert.Equal(content, await ReadAllBytesAsync(get));
    }

    [Fact]
    public async Task PutObject_UnsignedPayloadWithTrailer_DecodesTheChunks()
    {
        using var request = AwsChunkedPut("unsigned.txt", ["hello, ", "chunked world"], "x-amz-checksum-crc32", Crc32Base64("hello, chunked world"u8));

        using var response = await _server.SendAsync(request);
        using var get = await Client.GetObjectAsync(Bucket, "unsigned.txt", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello, chunked world", await ReadAllTextAsync(get));
        Assert.Equal($"\"{Md5Hex("hello, chunked world"u8.ToArray())}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task PutObject_TrailerChecksumDoesNotMatch_FailsWithBadDigestAndStoresNothing()
    {
        using var request = AwsChunkedPut("corrupt.txt", ["hello"], "x-amz-checksum-crc32", Crc32Base64("jello"u8));

        using var response = await _server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.GetObjectMetadataAsync(Bucket, "corrupt.txt", Cancellation));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task PutObject_ClientWithoutForcePathStyle_UsesPathStyleForTheIpEndpoint()
    {
        using var client = S3Server.CreateClient(_server.Endpoint, config => config.ForcePathStyle = false);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "default-style", ContentBody = "ok" }, Cancellation);

        Assert.Contains(_server.Requests, r => r.Method == "PUT" && r.PathAndQuery == $"/{Bucket}/default-style");
    }

    [Fact]
    public async Task PutObject_PayloadHashDoesNotMatch_FailsWithXAmzContentSHA256Mismatch()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{Bucket}/hashed.txt") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        request.Headers.Add("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("jello"u8)));

        using var response = await _server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>XAmzContentSHA256Mismatch</Code>", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_ContentMd5DoesNotMatch_FailsWithBadDigest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{Bucket}/md5.txt") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        request.Content.Headers.ContentMD5 = Convert.FromHexString(Md5Hex("jello"u8.ToArray()));

        using var response = await _server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_LargerThanMaxObjectSize_FailsWithEntityTooLarge()
    {
        await using var small = await S3Server.StartAsync(Path.Combine(_directory.Path, "small"), o => o with { MaxObjectSize = 1024 });
        await small.Client.PutBucketAsync(Bucket, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => small.Client.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = "big", InputStream = new MemoryStream(RandomBytes(4096)) }, Cancellation));
        await small.Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "fits", InputStream = new MemoryStream(RandomBytes(1024)) }, Cancellation);

        Assert.Equal("EntityTooLarge", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        var listed = await small.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Cancellation);
        Assert.Equal("fits", Assert.Single(listed.S3Objects).Key);
    }

    [Fact]
    public async Task PutObject_IfNoneMatchAnyOnExistingKey_FailsWithPreconditionFailed()
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "once", ContentBody = "first", IfNoneMatch = "*" }, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "once", ContentBody = "second", IfNoneMatch = "*" }, Cancellation));

        Assert.Equal("PreconditionFailed", error.ErrorCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        using var get = await Client.GetObjectAsync(Bucket, "once", Cancellation);
        Assert.Equal("first", await ReadAllTextAsync(get));
    }

    [Fact]
    public async Task GetObject_ByteRange_ReturnsThosePartialBytes()
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "digits", ContentBody = "0123456789" }, Cancellation);

        using var middle = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "digits", ByteRange = new ByteRange(2, 5) }, Cancellation);
        using var tail = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "digits", ByteRange = new ByteRange("bytes=-3") }, Cancellation);

        Assert.Equal(HttpStatusCode.PartialContent, middle.HttpStatusCode);
        Assert.Equal("2345", await ReadAllTextAsync(middle));
        Assert.Equal("bytes 2-5/10", middle.ContentRange);
        Assert.Equal("789", await ReadAllTextAsync(tail));
    }

    [Fact]
    public async Task GetObject_RangeBeyondTheEnd_FailsWithInvalidRange()
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "short", ContentBody = "abc" }, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "short", ByteRange = new ByteRange(10, 20) }, Cancellation));

        Assert.Equal("InvalidRange", error.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
    }

    [Fact]
    public async Task GetObject_Conditions_AnswerNotModifiedAndPreconditionFailedAsS3Does()
    {
        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "conditional", ContentBody = "v1" }, Cancellation);

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "conditional", EtagToNotMatch = put.ETag }, Cancellation));
        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "conditional", EtagToMatch = "\"0123\"" }, Cancellation));
        using var matched = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "conditional", EtagToMatch = put.ETag }, Cancellation);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal("PreconditionFailed", failed.ErrorCode);
        Assert.Equal("v1", await ReadAllTextAsync(matched));
    }

    [Fact]
    public async Task GetObject_MissingKey_FailsWithNoSuchKey()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.GetObjectAsync(Bucket, "missing", Cancellation));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetObjectMetadata_ExistingAndMissing_HeadAnswersWithHeadersOrNotFound()
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = "head.json", ContentBody = "{}", ContentType = "application/json" };
        request.Metadata["source"] = "test";
        var put = await Client.PutObjectAsync(request, Cancellation);

        var head = await Client.GetObjectMetadataAsync(Bucket, "head.json", Cancellation);
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.GetObjectMetadataAsync(Bucket, "absent.json", Cancellation));

        Assert.Equal(put.ETag, head.ETag);
        Assert.Equal(2, head.ContentLength);
        Assert.Equal("application/json", head.Headers.ContentType);
        Assert.Equal("test", head.Metadata["source"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task DeleteObject_Existing_LaterGetFailsWithNoSuchKey()
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "gone", ContentBody = "x" }, Cancellation);

        var delete = await Client.DeleteObjectAsync(Bucket, "gone", Cancellation);
        var again = await Client.DeleteObjectAsync(Bucket, "gone", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, delete.HttpStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client.GetObjectAsync(Bucket, "gone", Cancellation));
        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteObjects_Batch_DeletesEveryKeyAndReportsEach()
    {
        foreach (var key in new[] { "batch/1", "batch/2", "keep" })
        {
            await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = key }, Cancellation);
        }

        var response = await Client.DeleteObjectsAsync(
            new DeleteObjectsRequest { BucketName = Bucket, Objects = [new KeyVersion { Key = "batch/1" }, new KeyVersion { Key = "batch/2" }] }, Cancellation);
        var remaining = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Cancellation);

        Assert.Equal(["batch/1", "batch/2"], response.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Empty(response.DeleteErrors ?? []);
        Assert.Equal("keep", Assert.Single(remaining.S3Objects).Key);
    }

    [Fact]
    public async Task CopyObject_ToAnotherKey_CopiesContentAndMetadata()
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = "source.csv", ContentBody = "sku,name", ContentType = "text/csv" };
        request.Metadata["batch"] = "7";
        var put = await Client.PutObjectAsync(request, Cancellation);

        var copy = await Client.CopyObjectAsync(Bucket, "source.csv", Bucket, "copies/target.csv", Cancellation);
        using var get = await Client.GetObjectAsync(Bucket, "copies/target.csv", Cancellation);

        Assert.Equal(put.ETag, copy.ETag);
        Assert.Equal("sku,name", await ReadAllTextAsync(get));
        Assert.Equal("text/csv", get.Headers.ContentType);
        Assert.Equal("7", get.Metadata["batch"]);
    }

    [Theory]
    [InlineData("imports/red flower.csv")]
    [InlineData("a+b=c&d/e%20f.txt")]
    [InlineData("catalogue/é ü 中文/😀.jsonl")]
    [InlineData("dir//double/./dots/../x")]
    public async Task PutObject_KeyWithSpecialCharacters_RoundTripsUnchanged(string key)
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = key }, Cancellation);

        using var get = await Client.GetObjectAsync(Bucket, key, Cancellation);
        var listed = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Cancellation);

        Assert.Equal(key, await ReadAllTextAsync(get));
        Assert.Equal(key, Assert.Single(listed.S3Objects).Key);
    }

    [Fact]
    public async Task UnsupportedSubresource_IsRefusedWithNotImplemented()
    {
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "tagged", ContentBody = "x" }, Cancellation);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            Client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "tagged" }, Cancellation));

        Assert.Equal("NotImplemented", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
    }

    private static HttpRequestMessage AwsChunkedPut(string key, string[] chunks, string trailerName, string trailerValue)
    {
        var body = new StringBuilder();
        foreach (var chunk in chunks)
        {
            body.Append($"{Encoding.UTF8.GetByteCount(chunk):x}\r\n{chunk}\r\n");
        }

        body.Append($"0\r\n{trailerName}:{trailerValue}\r\n\r\n");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/{Bucket}/{key}") { Content = new StringContent(body.ToString(), Encoding.UTF8) };
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        request.Headers.Add("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        request.Headers.Add("x-amz-decoded-content-length", chunks.Sum(Encoding.UTF8.GetByteCount).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("x-amz-trailer", trailerName);
        return request;
    }

    private static string Crc32Base64(ReadOnlySpan<byte> data)
    {
        var crc = System.IO.Hashing.Crc32.HashToUInt32(data);
        var bytes = BitConverter.GetBytes(crc);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return Convert.ToBase64String(bytes);
    }

    private static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

#pragma warning disable CA5351 // S3's ETag is an MD5 by definition.
    private static string Md5Hex(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
#pragma warning restore CA5351

    private static async Task<string> ReadAllTextAsync(GetObjectResponse response)
    {
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }

    private static async Task<byte[]> ReadAllBytesAsync(GetObjectResponse response)
    {
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, Cancellation);
        return buffer.ToArray();
    }
}
