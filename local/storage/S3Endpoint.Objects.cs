using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

// Object operations: PutObject, CopyObject, GetObject and HeadObject, DeleteObject, DeleteObjects.
public sealed partial class S3Endpoint
{
    private async Task PutObjectAsync(HttpContext context, string bucket, string key, RequestInfo request)
    {
        var attributes = ObjectHeaders.Read(context.Request.Headers);
        var conditions = Preconditions.WriteConditionsOf(context.Request.Headers);
        _store.RequireBucket(bucket);
        var (content, checksum) = await RequestBody.ReceiveAsync(_store, context.Request).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var version = _store.Commit(bucket, key, content, attributes, conditions, request, EventTypes.Put, checksum);
            WriteVersionHeaders(context.Response, version);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private async Task CopyObjectAsync(HttpContext context, string bucket, string key, RequestInfo request)
    {
        var headers = context.Request.Headers;
        var (sourceBucket, sourceKey, sourceVersionId) = ParseCopySource(headers["x-amz-copy-source"].ToString());
        var replace = headers["x-amz-metadata-directive"].ToString() switch
        {
            "" or "COPY" => false,
            "REPLACE" => true,
            var other => throw S3Exception.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", other),
        };
        var source = _store.Read(sourceBucket, sourceKey, sourceVersionId, openContent: true);
        await using (source.Content!.ConfigureAwait(false))
        {
            Preconditions.CheckCopySourceConditions(headers, source.Version);
            if (!replace && sourceBucket == bucket && sourceKey == key && sourceVersionId is null)
            {
                throw S3Exception.InvalidRequest(
                    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
            }

            var attributes = replace
                ? ObjectHeaders.Read(headers)
                : new ObjectAttributes(source.Version.ContentType, source.Version.Headers, source.Version.Metadata);
            var version = await _store.CopyAsync(source, bucket, key, attributes, Preconditions.WriteConditionsOf(headers), request, context.RequestAborted).ConfigureAwait(false);
            if (source.BucketVersioned)
            {
                context.Response.Headers["x-amz-copy-source-version-id"] = source.Version.VersionId;
            }

            WriteVersionHeaders(context.Response, version, withETag: false);
            await S3Xml.WriteAsync(context.Response, "CopyObjectResult", xml =>
            {
                xml.Element("ETag", ObjectHeaders.Quote(version.ETag));
                xml.Element("LastModified", ObjectHeaders.XmlTime(version.LastModified));
                if (version.ChecksumAlgorithm is { } algorithm)
                {
                    xml.Element("Checksum" + algorithm, version.ChecksumValue);
                    xml.Element("ChecksumType", version.ChecksumType);
                }
            }).ConfigureAwait(false);
        }
    }

    private async Task GetObjectAsync(HttpContext context, string bucket, string key)
    {
        var query = context.Request.Query;
        var headers = context.Request.Headers;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        var versionId = query.TryGetValue("versionId", out var requested) ? requested.ToString() : null;
        var read = _store.Read(bucket, key, versionId, openContent: isGet);
        var content = read.Content;
        try
        {
            var version = read.Version;
            var response = context.Response;
            if (Preconditions.EvaluateReadConditions(headers, version) is { } notModified)
            {
                response.StatusCode = notModified;
                response.Headers.ETag = ObjectHeaders.Quote(version.ETag);
                response.Headers.LastModified = ObjectHeaders.HttpDate(version.LastModified);
                return;
            }

            var (start, length, partial) = ByteRanges.SelectBytes(query, headers, version, response);
            response.StatusCode = partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
            response.Headers.ETag = ObjectHeaders.Quote(version.ETag);
            response.Headers.LastModified = ObjectHeaders.HttpDate(version.LastModified);
            response.Headers.AcceptRanges = "bytes";
            response.Headers[EncryptionHeader] = "AES256";
            response.ContentType = query["response-content-type"].ToString() is { Length: > 0 } type ? type : version.ContentType;
            foreach (var (header, queryOverride) in ObjectHeaders.Stored)
            {
                var value = query[queryOverride].ToString() is { Length: > 0 } overridden ? overridden : version.Headers.GetValueOrDefault(header);
                if (value is not null)
                {
                    response.Headers[header] = value;
                }
            }

            foreach (var (name, value) in version.Metadata)
            {
                response.Headers[ObjectHeaders.MetadataPrefix + name] = value;
            }

            if (read.BucketVersioned)
            {
                response.Headers["x-amz-version-id"] = version.VersionId;
            }

            if (version.PartSizes is { } parts)
            {
                response.Headers["x-amz-mp-parts-count"] = parts.Count.ToString(CultureInfo.InvariantCulture);
            }

            if (!partial && version.ChecksumAlgorithm is { } algorithm
                && string.Equals(headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[Checksums.HeaderName(algorithm)] = version.ChecksumValue;
                response.Headers["x-amz-checksum-type"] = version.ChecksumType;
            }

            response.ContentLength = length;
            if (content is not null && length > 0)
            {
                await CopyRangeAsync(content, start, length, response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            if (content is not null)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void DeleteObject(HttpContext context, string bucket, string key, RequestInfo request)
    {
        var versionId = context.Request.Query.TryGetValue("versionId", out var requested) ? requested.ToString() : null;
        var outcome = _store.Delete(bucket, key, versionId, request);
        if (outcome.DeleteMarker)
        {
            context.Response.Headers["x-amz-delete-marker"] = "true";
        }

        if (outcome.VersionId is { } id)
        {
            context.Response.Headers["x-amz-version-id"] = id;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task DeleteObjectsAsync(HttpContext context, string bucket, RequestInfo request)
    {
        _store.RequireBucket(bucket);
        var document = S3Xml.Parse(await RequestBody.ReadSmallAsync(context.Request).ConfigureAwait(false), "Delete");
        var quiet = string.Equals(document.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = document.Children("Object").Select(o => (Key: o.ChildValue("Key"), VersionId: o.ChildValue("VersionId"))).ToList();
        if (objects.Count is 0 or > 1000 || objects.Any(o => string.IsNullOrEmpty(o.Key)))
        {
            throw S3Exception.MalformedXml();
        }

        var results = new List<(string Key, string? VersionId, DeleteOutcome? Outcome, S3Exception? Error)>();
        foreach (var (key, versionId) in objects)
        {
            try
            {
                Names.ValidateKey(key!);
                results.Add((key!, versionId, _store.Delete(bucket, key!, versionId, request), null));
            }
            catch (S3Exception error)
            {
                results.Add((key!, versionId, null, error));
            }
        }

        await S3Xml.WriteAsync(context.Response, "DeleteResult", xml =>
        {
            foreach (var (key, versionId, outcome, error) in results)
            {
                if (error is not null)
                {
                    xml.WriteStartElement("Error");
                    xml.Element("Key", key);
                    xml.Element("VersionId", versionId);
                    xml.Element("Code", error.Code);
                    xml.Element("Message", error.Message);
                    xml.WriteEndElement();
                }
                else if (!quiet)
                {
                    xml.WriteStartElement("Deleted");
                    xml.Element("Key", key);
                    xml.Element("VersionId", versionId);
                    if (outcome!.DeleteMarker)
                    {
                        xml.Element("DeleteMarker", true);
                        xml.Element("DeleteMarkerVersionId", outcome.VersionId);
                    }

                    xml.WriteEndElement();
                }
            }
        }).ConfigureAwait(false);
    }

    private static void WriteVersionHeaders(HttpResponse response, ObjectVersion version, bool withETag = true)
    {
        if (withETag)
        {
            response.Headers.ETag = ObjectHeaders.Quote(version.ETag);
        }

        if (version.VersionId != ObjectVersion.NullVersionId)
        {
            response.Headers["x-amz-version-id"] = version.VersionId;
        }

        if (version.ChecksumAlgorithm is { } algorithm)
        {
            response.Headers[Checksums.HeaderName(algorithm)] = version.ChecksumValue;
            response.Headers["x-amz-checksum-type"] = version.ChecksumType;
        }

        response.Headers[EncryptionHeader] = "AES256";
    }

    private static async Task CopyRangeAsync(FileStream content, long start, long length, Stream destination, CancellationToken cancellationToken)
    {
        content.Seek(start, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new S3Exception("The object's content is shorter than its recorded size.", new EndOfStreamException());
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (string Bucket, string Key, string? VersionId) ParseCopySource(string value)
    {
        var source = value;
        string? versionId = null;
        var question = source.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var parameters = source[(question + 1)..];
            source = source[..question];
            versionId = parameters.StartsWith("versionId=", StringComparison.Ordinal)
                ? Uri.UnescapeDataString(parameters["versionId=".Length..])
                : throw S3Exception.InvalidArgument("Invalid copy source.", "x-amz-copy-source", value);
        }

        source = Uri.UnescapeDataString(source).TrimStart('/');
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < source.Length - 1
            ? (source[..slash], source[(slash + 1)..], versionId)
            : throw S3Exception.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", value);
    }
}
