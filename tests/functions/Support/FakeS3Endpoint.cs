using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Functions.Support;

/// <summary>A request the S3 test double received.</summary>
public sealed record RecordedS3Request(string Method, string Path, string? IfMatch, string Authorization, string? ContentSha256, int Status);

/// <summary>
/// TEST DOUBLE, not an S3 implementation: a loopback endpoint answering path-style <c>GET</c> and <c>PUT</c> of objects
/// (<c>/{bucket}/{key}</c>) the way S3 answers them — ETags as S3 computes them for single-part uploads (hex MD5, quoted
/// in headers), <c>If-Match</c> with <c>412 PreconditionFailed</c>, <c>404 NoSuchKey</c> — so the real AWSSDK.S3 client
/// can be pointed at it with <c>AWS_ENDPOINT_URL_S3</c>. Anything else is a 400 recorded in <see cref="Unexpected"/>.
/// The local runner's S3-compatible endpoint (local/storage) replaces it for end-to-end tests.
/// </summary>
public sealed class FakeS3Endpoint : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedS3Request> _requests = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly WebApplication _app;

    private FakeS3Endpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedS3Request> Requests => [.. _requests];

    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    public static async Task<FakeS3Endpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new FakeS3Endpoint(app);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(address.TrimEnd('/') + "/");
        return endpoint;
    }

    /// <summary>Stores an object as a PutObject would and returns its ETag (unquoted, as S3 events carry it).</summary>
    public string Put(string bucket, string key, byte[] body, string contentType = "text/csv")
    {
        var stored = StoredObject.Of(body, contentType);
        _objects[bucket + "/" + key] = stored;
        return stored.ETag;
    }

    public byte[]? Get(string bucket, string key) => _objects.TryGetValue(bucket + "/" + key, out var stored) ? stored.Body : null;

    public IReadOnlyList<string> Keys(string bucket, string prefix) =>
        [.. _objects.Keys.Where(k => k.StartsWith($"{bucket}/{prefix}", StringComparison.Ordinal)).Select(k => k[(bucket.Length + 1)..]).Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var slash = path.IndexOf('/', 1);
        if (slash < 0 || http.Request.QueryString.HasValue)
        {
            await RejectAsync(http, $"{http.Request.Method} {path}{http.Request.QueryString}");
            return;
        }

        var id = path[1..];
        var status = http.Request.Method switch
        {
            "GET" => await GetAsync(http, id),
            "PUT" => await PutAsync(http, id),
            _ => await RejectAsync(http, $"{http.Request.Method} {path}"),
        };
        _requests.Enqueue(new RecordedS3Request(
            http.Request.Method,
            path,
            http.Request.Headers.IfMatch.Count > 0 ? http.Request.Headers.IfMatch.ToString() : null,
            http.Request.Headers.Authorization.ToString(),
            http.Request.Headers["x-amz-content-sha256"].FirstOrDefault(),
            status));
    }

    private async Task<int> GetAsync(HttpContext http, string id)
    {
        if (!_objects.TryGetValue(id, out var stored))
        {
            return await ErrorAsync(http, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.");
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch.Trim() != $"\"{stored.ETag}\"")
        {
            return await ErrorAsync(http, StatusCodes.Status412PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }

        http.Response.Headers.ETag = $"\"{stored.ETag}\"";
        http.Response.Headers.LastModified = stored.LastModified.ToString("R", CultureInfo.InvariantCulture);
        http.Response.ContentType = stored.ContentType;
        http.Response.ContentLength = stored.Body.Length;
        await http.Response.Body.WriteAsync(stored.Body, http.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private async Task<int> PutAsync(HttpContext http, string id)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var stored = StoredObject.Of(body.ToArray(), http.Request.ContentType ?? "binary/octet-stream");
        _objects[id] = stored;
        http.Response.Headers.ETag = $"\"{stored.ETag}\"";
        return StatusCodes.Status200OK;
    }

    private async Task<int> RejectAsync(HttpContext http, string what)
    {
        _unexpected.Enqueue(what);
        return await ErrorAsync(http, StatusCodes.Status400BadRequest, "NotImplemented", "The test double does not implement this.");
    }

    private static async Task<int> ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>",
            http.RequestAborted);
        return status;
    }

    private sealed record StoredObject(byte[] Body, string ETag, string ContentType, DateTimeOffset LastModified)
    {
        public static StoredObject Of(byte[] body, string contentType)
        {
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of the bytes; a checksum, not security.
            var eTag = Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351
            return new StoredObject(body, eTag, contentType, DateTimeOffset.UtcNow);
        }
    }
}
