using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

// Multipart uploads: Create, UploadPart, Complete, Abort, ListParts, ListMultipartUploads.
public sealed partial class S3Endpoint
{
    private async Task CreateMultipartUploadAsync(HttpContext context, string bucket, string key)
    {
        var headers = context.Request.Headers;
        var attributes = ObjectHeaders.Read(headers);
        var algorithm = headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } named
            ? Checksums.IsKnown(named) ? named.ToUpperInvariant() : throw S3Exception.InvalidRequest($"Checksum algorithm '{named}' is not supported.")
            : null;
        var type = headers["x-amz-checksum-type"].ToString() switch
        {
            "" => algorithm is null ? null : algorithm == "CRC64NVME" ? StoredChecksum.FullObject : StoredChecksum.Composite,
            StoredChecksum.FullObject when algorithm is "SHA1" or "SHA256" => throw S3Exception.InvalidRequest(
                $"The FULL_OBJECT checksum type is not supported with {algorithm}."),
            StoredChecksum.FullObject or StoredChecksum.Composite when algorithm is not null => headers["x-amz-checksum-type"].ToString(),
            var other => throw S3Exception.InvalidRequest($"Checksum type '{other}' is not valid here."),
        };
        var upload = _store.CreateUpload(bucket, key, attributes, algorithm, type);
        if (algorithm is not null)
        {
            context.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
            context.Response.Headers["x-amz-checksum-type"] = type;
        }

        context.Response.Headers[EncryptionHeader] = "AES256";
        await S3Xml.WriteAsync(context.Response, "InitiateMultipartUploadResult", xml =>
        {
            xml.Element("Bucket", bucket);
            xml.Element("Key", key);
            xml.Element("UploadId", upload.UploadId);
        }).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        if (context.Request.Headers.ContainsKey("x-amz-copy-source"))
        {
            throw S3Exception.NotImplemented("UploadPartCopy");
        }

        var partNumberText = context.Request.Query["partNumber"].ToString();
        if (!int.TryParse(partNumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumberText);
        }

        _store.GetUpload(bucket, key, uploadId);
        var (content, checksum) = await RequestBody.ReceiveAsync(_store, context.Request).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var part = _store.SavePart(bucket, key, uploadId, partNumber, content);
            context.Response.Headers.ETag = ObjectHeaders.Quote(part.ETag);
            context.Response.Headers[EncryptionHeader] = "AES256";
            if (checksum is not null)
            {
                context.Response.Headers[Checksums.HeaderName(checksum.Algorithm)] = checksum.Value;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private async Task CompleteMultipartUploadAsync(HttpContext context, string bucket, string key, string uploadId, RequestInfo request)
    {
        var upload = _store.GetUpload(bucket, key, uploadId);
        var document = S3Xml.Parse(
            await RequestBody.ReadSmallAsync(context.Request, checksumHeadersDescribeBody: false).ConfigureAwait(false), "CompleteMultipartUpload");
        var expectedChecksum = upload.ChecksumAlgorithm is { } uploadAlgorithm
            && context.Request.Headers[Checksums.HeaderName(uploadAlgorithm)].ToString() is { Length: > 0 } sent
                ? sent
                : null;
        var parts = document.Children("Part").Select(part =>
            int.TryParse(part.ChildValue("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && part.ChildValue("ETag") is { } etag
                ? new CompletedPart(number, etag, upload.ChecksumAlgorithm is { } algorithm ? part.ChildValue("Checksum" + algorithm) : null)
                : throw S3Exception.MalformedXml()).ToList();
        var version = await _store.CompleteUploadAsync(bucket, key, uploadId, parts, expectedChecksum, request, context.RequestAborted).ConfigureAwait(false);
        WriteVersionHeaders(context.Response, version, withETag: false);
        var location = $"{context.Request.Scheme}://{context.Request.Host}/{bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}";
        await S3Xml.WriteAsync(context.Response, "CompleteMultipartUploadResult", xml =>
        {
            xml.Element("Location", location);
            xml.Element("Bucket", bucket);
            xml.Element("Key", key);
            xml.Element("ETag", ObjectHeaders.Quote(version.ETag));
            if (version.ChecksumAlgorithm is { } algorithm)
            {
                xml.Element("Checksum" + algorithm, version.ChecksumValue);
                xml.Element("ChecksumType", version.ChecksumType);
            }
        }).ConfigureAwait(false);
    }

    private async Task ListPartsAsync(HttpContext context, string bucket, string key, string uploadId)
    {
        var query = context.Request.Query;
        var maxParts = MaxKeys(query, "max-parts");
        var markerText = query["part-number-marker"].ToString();
        var marker = markerText.Length == 0 ? 0 : int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? m
            : throw S3Exception.InvalidArgument("part-number-marker is not an integer.", "part-number-marker", markerText);
        var upload = _store.GetUpload(bucket, key, uploadId);
        var remaining = _store.ListParts(bucket, key, uploadId).Where(p => p.PartNumber > marker).ToList();
        var page = remaining.Take(maxParts).ToList();
        var truncated = remaining.Count > page.Count;
        await S3Xml.WriteAsync(context.Response, "ListPartsResult", xml =>
        {
            xml.Element("Bucket", bucket);
            xml.Element("Key", key);
            xml.Element("UploadId", uploadId);
            xml.Element("PartNumberMarker", marker);
            xml.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker);
            xml.Element("MaxParts", maxParts);
            xml.Element("IsTruncated", truncated);
            xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm);
            xml.Element("ChecksumType", upload.ChecksumType);
            foreach (var part in page)
            {
                xml.WriteStartElement("Part");
                xml.Element("PartNumber", part.PartNumber);
                xml.Element("LastModified", ObjectHeaders.XmlTime(part.LastModified));
                xml.Element("ETag", ObjectHeaders.Quote(part.ETag));
                xml.Element("Size", part.Size);
                if (upload.ChecksumAlgorithm is { } algorithm)
                {
                    xml.Element("Checksum" + algorithm, part.ChecksumValue);
                }

                xml.WriteEndElement();
            }

            WriteOwner(xml, "Initiator");
            WriteOwner(xml);
            xml.Element("StorageClass", "STANDARD");
        }).ConfigureAwait(false);
    }

    private async Task ListUploadsAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var maxUploads = MaxKeys(query, "max-uploads");
        var uploads = _store.ListUploads(bucket).Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = uploads.Take(maxUploads).ToList();
        await S3Xml.WriteAsync(context.Response, "ListMultipartUploadsResult", xml =>
        {
            xml.Element("Bucket", bucket);
            xml.Element("KeyMarker", string.Empty);
            xml.Element("UploadIdMarker", string.Empty);
            xml.Element("Prefix", prefix);
            xml.Element("MaxUploads", maxUploads);
            xml.Element("IsTruncated", uploads.Count > page.Count);
            if (uploads.Count > page.Count)
            {
                xml.Element("NextKeyMarker", page[^1].Key);
                xml.Element("NextUploadIdMarker", page[^1].UploadId);
            }

            foreach (var upload in page)
            {
                xml.WriteStartElement("Upload");
                xml.Element("Key", upload.Key);
                xml.Element("UploadId", upload.UploadId);
                WriteOwner(xml, "Initiator");
                WriteOwner(xml);
                xml.Element("StorageClass", "STANDARD");
                xml.Element("Initiated", ObjectHeaders.XmlTime(upload.Initiated));
                xml.Element("ChecksumAlgorithm", upload.ChecksumAlgorithm);
                xml.WriteEndElement();
            }
        }).ConfigureAwait(false);
    }
}
