using System.Globalization;
using System.Net;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

/// <summary>
/// An S3-compatible endpoint (REST, path-style <c>http://host/bucket/key</c>) over an <see cref="ObjectStore"/>, usable by
/// AWSSDK.S3 unchanged: for an IP endpoint such as <c>http://127.0.0.1:4566</c> (<c>AWS_ENDPOINT_URL_S3</c>) the SDK
/// addresses buckets by path by itself; for a host name set <c>ForcePathStyle</c>.
/// </summary>
/// <remarks>
/// Buckets: Create, Head, List, Delete, Get/PutBucketVersioning, GetBucketLocation, GetBucketAcl, ListObjects (v1 and
/// v2), ListObjectVersions, ListMultipartUploads. Objects: Put (plain or <c>aws-chunked</c>, flexible checksums), Get
/// (ranges, part numbers, conditions, <c>response-*</c> overrides), Head, GetObjectAcl, Delete, DeleteObjects, Copy, and
/// multipart uploads. ACLs are always the owner's full control; tagging and ACL headers on a PUT are ignored. Requests are
/// not checked for a signature: locally any credentials do. Other sub-resources are answered with S3's
/// <c>NotImplemented</c>; errors have S3's XML shape and status.
/// </remarks>
public sealed partial class S3Endpoint
{
    private const string EncryptionHeader = "x-amz-server-side-encryption";

    private readonly ObjectStore _store;

    /// <summary>Creates an endpoint that serves <paramref name="store"/>.</summary>
    public S3Endpoint(ObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Answers one S3 request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Objects may be larger than Kestrel's default request body limit; the store enforces its own.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var request = RequestInfo.Create(SourceAddress(context), Principal(context.Request));
        context.Response.Headers["x-amz-request-id"] = request.RequestId;
        context.Response.Headers["x-amz-id-2"] = request.HostId;
        try
        {
            var (bucket, key) = Route(context);
            await DispatchAsync(context, bucket, key, request).ConfigureAwait(false);
        }
        catch (S3Exception error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error, request).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (S3Exception)
        {
            // Failed while streaming a body: all S3 can do then is cut the connection.
            context.Abort();
        }
    }

    private async Task DispatchAsync(HttpContext context, string? bucket, string? key, RequestInfo request)
    {
        var method = context.Request.Method;
        var query = context.Request.Query;
        if (bucket is null)
        {
            await (HttpMethods.IsGet(method) ? ListBucketsAsync(context) : throw S3Exception.MethodNotAllowed(method, "SERVICE")).ConfigureAwait(false);
            return;
        }

        if (key is null)
        {
            await DispatchBucketAsync(context, bucket, method, query, request).ConfigureAwait(false);
            return;
        }

        Names.ValidateKey(key);
        var uploadId = query["uploadId"].ToString();
        switch (method)
        {
            case "PUT" when uploadId.Length > 0:
                Allow(query, "uploadId", "partNumber");
                await UploadPartAsync(context, bucket, key, uploadId).ConfigureAwait(false);
                break;
            case "PUT" when context.Request.Headers.ContainsKey("x-amz-copy-source"):
                Allow(query);
                await CopyObjectAsync(context, bucket, key, request).ConfigureAwait(false);
                break;
            case "PUT":
                Allow(query);
                await PutObjectAsync(context, bucket, key, request).ConfigureAwait(false);
                break;
            case "GET" when uploadId.Length > 0:
                Allow(query, "uploadId", "max-parts", "part-number-marker");
                await ListPartsAsync(context, bucket, key, uploadId).ConfigureAwait(false);
                break;
            case "GET" when query.ContainsKey("acl"):
                Allow(query, "acl", "versionId");
                _store.Read(bucket, key, query.TryGetValue("versionId", out var aclVersion) ? aclVersion.ToString() : null, openContent: false);
                await WriteOwnerOnlyAclAsync(context).ConfigureAwait(false);
                break;
            case "GET" or "HEAD":
                Allow(query, ["versionId", "partNumber", "response-content-type", .. ObjectHeaders.Stored.Select(s => s.Override)]);
                await GetObjectAsync(context, bucket, key).ConfigureAwait(false);
                break;
            case "DELETE" when uploadId.Length > 0:
                Allow(query, "uploadId");
                _store.AbortUpload(bucket, key, uploadId);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case "DELETE":
                Allow(query, "versionId");
                DeleteObject(context, bucket, key, request);
                break;
            case "POST" when query.ContainsKey("uploads"):
                Allow(query, "uploads");
                await CreateMultipartUploadAsync(context, bucket, key).ConfigureAwait(false);
                break;
            case "POST" when uploadId.Length > 0:
                Allow(query, "uploadId");
                await CompleteMultipartUploadAsync(context, bucket, key, uploadId, request).ConfigureAwait(false);
                break;
            default:
                throw S3Exception.MethodNotAllowed(method, "OBJECT");
        }
    }

    private async Task DispatchBucketAsync(HttpContext context, string bucket, string method, IQueryCollection query, RequestInfo request)
    {
        switch (method)
        {
            case "PUT" when query.ContainsKey("versioning"):
                Allow(query, "versioning");
                await PutVersioningAsync(context, bucket).ConfigureAwait(false);
                break;
            case "PUT":
                Allow(query);
                await CreateBucketAsync(context, bucket).ConfigureAwait(false);
                break;
            case "HEAD":
                var record = _store.GetBucket(bucket);
                context.Response.Headers["x-amz-bucket-region"] = record.Region;
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case "GET" when query.ContainsKey("versioning"):
                Allow(query, "versioning");
                var versioning = _store.GetBucket(bucket).Versioning;
                await S3Xml.WriteAsync(context.Response, "VersioningConfiguration", xml => xml.Element("Status", versioning)).ConfigureAwait(false);
                break;
            case "GET" when query.ContainsKey("location"):
                Allow(query, "location");
                var region = _store.GetBucket(bucket).Region;
                await S3Xml.WriteAsync(context.Response, "LocationConstraint", xml => xml.WriteString(region == "us-east-1" ? string.Empty : region))
                    .ConfigureAwait(false);
                break;
            case "GET" when query.ContainsKey("acl"):
                Allow(query, "acl");
                _store.RequireBucket(bucket);
                await WriteOwnerOnlyAclAsync(context).ConfigureAwait(false);
                break;
            case "GET" when query.ContainsKey("versions"):
                Allow(query, VersionListParameters);
                await ListVersionsAsync(context, bucket).ConfigureAwait(false);
                break;
            case "GET" when query.ContainsKey("uploads"):
                Allow(query, "uploads", "prefix", "delimiter", "max-uploads", "key-marker", "upload-id-marker", "encoding-type");
                await ListUploadsAsync(context, bucket).ConfigureAwait(false);
                break;
            case "GET":
                Allow(query, ListParameters);
                await ListObjectsAsync(context, bucket, query["list-type"] == "2").ConfigureAwait(false);
                break;
            case "DELETE":
                Allow(query);
                _store.DeleteBucket(bucket);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case "POST" when query.ContainsKey("delete"):
                Allow(query, "delete");
                await DeleteObjectsAsync(context, bucket, request).ConfigureAwait(false);
                break;
            default:
                throw S3Exception.MethodNotAllowed(method, "BUCKET");
        }
    }

    private async Task ListBucketsAsync(HttpContext context)
    {
        var prefix = context.Request.Query["prefix"].ToString();
        var buckets = _store.ListBuckets().Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        await S3Xml.WriteAsync(context.Response, "ListAllMyBucketsResult", xml =>
        {
            WriteOwner(xml);
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                xml.WriteStartElement("Bucket");
                xml.Element("Name", bucket.Name);
                xml.Element("CreationDate", ObjectHeaders.XmlTime(bucket.CreationDate));
                xml.Element("BucketRegion", bucket.Region);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(HttpContext context, string bucket)
    {
        var region = _store.Options.Region;
        var body = await RequestBody.ReadSmallAsync(context.Request).ConfigureAwait(false);
        if (body.Length > 0)
        {
            var configuration = S3Xml.Parse(body, "CreateBucketConfiguration");
            if (configuration.ChildValue("LocationConstraint") is { Length: > 0 } constraint)
            {
                region = constraint;
            }
        }

        _store.CreateBucket(bucket, region);
        context.Response.Headers.Location = "/" + bucket;
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task PutVersioningAsync(HttpContext context, string bucket)
    {
        _store.RequireBucket(bucket);
        var configuration = S3Xml.Parse(await RequestBody.ReadSmallAsync(context.Request).ConfigureAwait(false), "VersioningConfiguration");
        if (configuration.ChildValue("MfaDelete") is "Enabled")
        {
            throw S3Exception.NotImplemented("MFA delete");
        }

        var status = configuration.ChildValue("Status");
        if (status is not ("Enabled" or "Suspended"))
        {
            throw S3Exception.IllegalVersioningConfiguration("The Versioning element must be specified as Enabled or Suspended.");
        }

        _store.SetVersioning(bucket, status);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The bucket and key from the raw request target, decoded once: <c>/bucket</c>, <c>/bucket/</c> or <c>/bucket/key</c>.</summary>
    private static (string? Bucket, string? Key) Route(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
        {
            target = absolute.PathAndQuery;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = (query < 0 ? target : target[..query]).TrimStart('/');
        if (path.Length == 0)
        {
            return (null, null);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var key = slash < 0 || slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]);
        return (bucket, key);
    }

    /// <summary>Refuses sub-resources this endpoint does not implement (<c>?acl</c>, <c>?tagging</c>…) instead of ignoring them.</summary>
    private static void Allow(IQueryCollection query, params string[] names)
    {
        foreach (var name in query.Keys)
        {
            if (!names.Contains(name, StringComparer.Ordinal)
                && !name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)
                && name != "x-id")
            {
                throw S3Exception.NotImplemented($"'{name}'");
            }
        }
    }

    /// <summary>The ACL every bucket and object has here, S3's default: the owner has full control.</summary>
    private async Task WriteOwnerOnlyAclAsync(HttpContext context) =>
        await S3Xml.WriteAsync(context.Response, "AccessControlPolicy", xml =>
        {
            WriteOwner(xml);
            xml.WriteStartElement("AccessControlList");
            xml.WriteStartElement("Grant");
            xml.WriteStartElement("Grantee");
            xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            xml.WriteAttributeString("xsi", "type", "http://www.w3.org/2001/XMLSchema-instance", "CanonicalUser");
            xml.Element("ID", _store.Options.OwnerId);
            xml.Element("DisplayName", "local");
            xml.WriteEndElement();
            xml.Element("Permission", "FULL_CONTROL");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }).ConfigureAwait(false);

    private void WriteOwner(XmlWriter xml, string element = "Owner")
    {
        xml.WriteStartElement(element);
        xml.Element("ID", _store.Options.OwnerId);
        xml.Element("DisplayName", "local");
        xml.WriteEndElement();
    }

    private static int MaxKeys(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return 1000;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? Math.Min(value, 1000)
            : throw S3Exception.InvalidArgument($"Provided {name} not an integer or within integer range", name, text);
    }

    private static string SourceAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.Loopback.ToString();

    /// <summary>The principal an event names: the access key id the request was signed with, as <c>AWS:AKID</c>.</summary>
    private static string Principal(HttpRequest request)
    {
        var credential = request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            && authorization.IndexOf("Credential=", StringComparison.Ordinal) is var at and >= 0
                ? authorization[(at + "Credential=".Length)..]
                : request.Query["X-Amz-Credential"].ToString();
        var slash = credential.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? "AWS:" + credential[..slash] : "Anonymous";
    }

    private static async Task WriteErrorAsync(HttpContext context, S3Exception error, RequestInfo request)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            // A HEAD response has no body: S3 sends the status alone.
            return;
        }

        await S3Xml.WriteAsync(response, "Error", xml =>
        {
            xml.Element("Code", error.Code);
            xml.Element("Message", error.Message);
            foreach (var (name, value) in error.Details)
            {
                xml.Element(name, value);
            }

            xml.Element("RequestId", request.RequestId);
            xml.Element("HostId", request.HostId);
        }, error.Status, withNamespace: false).ConfigureAwait(false);
    }
}
