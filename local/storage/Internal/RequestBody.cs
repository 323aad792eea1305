using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.Storage.Internal;

/// <summary>
/// Reads a request body as S3 does: plain or <c>aws-chunked</c>, then checks it against what the client declared
/// (decoded length, Content-MD5, the <c>x-amz-content-sha256</c> hash, an <c>x-amz-checksum-*</c> header or trailer).
/// </summary>
internal static class RequestBody
{
    private const string ContentSha256 = "x-amz-content-sha256";

    /// <summary>The largest XML body (DeleteObjects with 1,000 keys of 1,024 bytes fits).</summary>
    private const int MaxXmlBody = 4 * 1024 * 1024;

    /// <summary>Streams the body of a PUT or UploadPart into a temporary file of the store.</summary>
    public static async Task<(IncomingContent Content, StoredChecksum? Checksum)> ReceiveAsync(ObjectStore store, HttpRequest request)
    {
        var headers = request.Headers;
        var chunked = IsAwsChunked(headers);
        var declared = chunked ? DecodedLength(headers) : request.ContentLength;
        if (declared > store.Options.MaxObjectSize)
        {
            throw S3Exception.EntityTooLarge(declared.Value, store.Options.MaxObjectSize);
        }

        var (algorithm, headerValue) = RequestedChecksum(headers);
        var contentSha256 = headers[ContentSha256].ToString();
        var content = store.CreateIncoming(algorithm, IsHexSha256(contentSha256));
        try
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var trailers = await CopyAsync(request.BodyReader, chunked, data => content.WriteAsync(data, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            await content.CompleteAsync().ConfigureAwait(false);
            if (chunked && declared is { } length && length != content.Length)
            {
                throw S3Exception.IncompleteBody("You did not provide the number of bytes specified by the x-amz-decoded-content-length header.");
            }

            CheckContentMd5(headers, content.Md5Base64);
            if (content.Sha256Hex is { } sha256 && !string.Equals(sha256, contentSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw S3Exception.ContentSha256Mismatch(contentSha256, sha256);
            }

            StoredChecksum? checksum = null;
            if (algorithm is not null)
            {
                var expected = trailers.GetValueOrDefault(Checksums.HeaderName(algorithm)) ?? headerValue;
                if (expected is not null && !string.Equals(expected, content.ChecksumValue, StringComparison.Ordinal))
                {
                    throw S3Exception.BadDigest(algorithm);
                }

                checksum = new StoredChecksum(algorithm, content.ChecksumValue!, StoredChecksum.FullObject);
            }

            return (content, checksum);
        }
        catch
        {
            await content.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a small (XML) body whole, decoded and checked like an object's.</summary>
    /// <param name="request">The request.</param>
    /// <param name="checksumHeadersDescribeBody">False where <c>x-amz-checksum-*</c> describes the object, not the body (CompleteMultipartUpload).</param>
    public static async Task<byte[]> ReadSmallAsync(HttpRequest request, bool checksumHeadersDescribeBody = true)
    {
        var headers = request.Headers;
        var buffer = new ArrayBufferWriter<byte>();
        var cancellationToken = request.HttpContext.RequestAborted;
        var trailers = await CopyAsync(request.BodyReader, IsAwsChunked(headers), data =>
        {
            if (buffer.WrittenCount + data.Length > MaxXmlBody)
            {
                throw S3Exception.MalformedXml();
            }

            foreach (var segment in data)
            {
                buffer.Write(segment.Span);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        var body = buffer.WrittenSpan;
#pragma warning disable CA5351 // Content-MD5 is MD5 by definition: an integrity check, not security.
        CheckContentMd5(headers, Convert.ToBase64String(MD5.HashData(body)));
#pragma warning restore CA5351
        var (algorithm, headerValue) = checksumHeadersDescribeBody ? RequestedChecksum(headers) : (null, null);
        if (algorithm is not null
            && (trailers.GetValueOrDefault(Checksums.HeaderName(algorithm)) ?? headerValue) is { } expected
            && !string.Equals(expected, Checksums.Compute(algorithm, body), StringComparison.Ordinal))
        {
            throw S3Exception.BadDigest(algorithm);
        }

        return body.ToArray();
    }

    /// <summary>The checksum algorithm a request asks for, and its value when sent as a header rather than a trailer.</summary>
    public static (string? Algorithm, string? HeaderValue) RequestedChecksum(IHeaderDictionary headers)
    {
        var trailer = headers["x-amz-trailer"].ToString();
        if (trailer.Length > 0)
        {
            var name = trailer.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(n => Checksums.AlgorithmOfHeader(n) is not null);
            if (name is not null)
            {
                return (Checksums.AlgorithmOfHeader(name), null);
            }
        }

        foreach (var algorithm in Checksums.Algorithms)
        {
            var value = headers[Checksums.HeaderName(algorithm)].ToString();
            if (value.Length > 0)
            {
                return (algorithm, value);
            }
        }

        var named = headers["x-amz-sdk-checksum-algorithm"].ToString() is { Length: > 0 } sdk ? sdk : headers["x-amz-checksum-algorithm"].ToString();
        if (named.Length == 0)
        {
            return (null, null);
        }

        return Checksums.IsKnown(named)
            ? (named.ToUpperInvariant(), null)
            : throw S3Exception.InvalidRequest($"Checksum algorithm '{named}' is not supported.");
    }

    private static async Task<Dictionary<string, string>> CopyAsync(
        PipeReader reader, bool chunked, Func<ReadOnlySequence<byte>, ValueTask> sink, CancellationToken cancellationToken)
    {
        try
        {
            if (chunked)
            {
                return await AwsChunked.DecodeAsync(reader, sink, cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!result.Buffer.IsEmpty)
                {
                    await sink(result.Buffer).ConfigureAwait(false);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return [];
                }
            }
        }
        catch (BadHttpRequestException exception)
        {
            throw S3Exception.IncompleteBody(exception.Message);
        }
    }

    private static bool IsAwsChunked(IHeaderDictionary headers) =>
        headers.ContentEncoding.ToString().Split(',', StringSplitOptions.TrimEntries).Contains("aws-chunked", StringComparer.OrdinalIgnoreCase)
        || headers[ContentSha256].ToString().StartsWith("STREAMING-", StringComparison.Ordinal);

    private static long? DecodedLength(IHeaderDictionary headers)
    {
        var value = headers["x-amz-decoded-content-length"].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw S3Exception.InvalidArgument("x-amz-decoded-content-length is not a number.", "x-amz-decoded-content-length", value);
    }

    private static bool IsHexSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static void CheckContentMd5(IHeaderDictionary headers, string actual)
    {
        var expected = headers["Content-MD5"].ToString();
        if (expected.Length == 0)
        {
            return;
        }

        Span<byte> decoded = stackalloc byte[24];
        if (!Convert.TryFromBase64String(expected, decoded, out var written) || written != 16)
        {
            throw S3Exception.InvalidDigest();
        }

        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw S3Exception.ContentMd5Mismatch(expected, actual);
        }
    }
}
