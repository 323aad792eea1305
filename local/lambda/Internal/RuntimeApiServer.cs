using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Local.Lambda.Internal;

/// <summary>A reply of the Runtime API: status code and JSON body.</summary>
internal readonly record struct ApiReply(int StatusCode, byte[] Body)
{
    public static ApiReply Accepted { get; } = new(StatusCodes.Status202Accepted, ErrorBodies.Status("OK"));

    public static ApiReply Error(int statusCode, string errorType, string errorMessage) =>
        new(statusCode, ErrorBodies.Create(errorType, errorMessage).Body.ToArray());
}

/// <summary>What one instance's Runtime API endpoint does with each call.</summary>
internal interface IRuntimeApi
{
    /// <summary>The ARN sent as Lambda-Runtime-Invoked-Function-Arn.</summary>
    string FunctionArn { get; }

    /// <summary>Waits for the next event; null when the instance is shutting down.</summary>
    Task<PendingInvocation?> NextAsync(CancellationToken aborted);

    /// <summary>A posted response; <paramref name="body"/> is null when it was over the limit.</summary>
    ApiReply PostResponse(string requestId, byte[]? body);

    ApiReply PostError(string requestId, byte[] body, string? errorType);

    ApiReply PostInitError(byte[] body, string? errorType);
}

/// <summary>The Lambda Runtime API (2018-06-01) on 127.0.0.1 and an ephemeral port, for one instance.</summary>
/// <remarks>Paths, headers and status codes follow https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html.</remarks>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    // Error bodies are small; a runtime that posts more than this is not posting an error.
    private const int MaxErrorBody = 1024 * 1024;

    private readonly WebApplication _app;

    private RuntimeApiServer(WebApplication app, string hostAndPort)
    {
        _app = app;
        HostAndPort = hostAndPort;
    }

    /// <summary>The value of AWS_LAMBDA_RUNTIME_API: host:port.</summary>
    public string HostAndPort { get; }

    public static async Task<RuntimeApiServer> StartAsync(IRuntimeApi api, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;

            // Limits are Lambda's, checked per call so that the runtime gets Lambda's 413 body.
            options.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(context => HandleAsync(api, context));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address);
        return new RuntimeApiServer(app, $"127.0.0.1:{uri.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A long poll still open past the timeout is dropped with the server.
        }

        await _app.DisposeAsync();
    }

    private static async Task HandleAsync(IRuntimeApi api, HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, ApiReply.Error(StatusCodes.Status404NotFound, "NotFound", $"No route for {path}."));
            return;
        }

        var route = path[Prefix.Length..];
        var isGet = HttpMethods.IsGet(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        if (route == "invocation/next" && isGet)
        {
            await NextAsync(api, context);
            return;
        }

        var errorType = request.Headers[ErrorTypeHeader].FirstOrDefault();
        if (route == "init/error" && isPost)
        {
            var body = await ReadBodyAsync(request, MaxErrorBody, context.RequestAborted);
            await WriteAsync(context, body is null
                ? ApiReply.Error(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "The error body is too large.")
                : api.PostInitError(body, errorType));
            return;
        }

        var parts = route.Split('/');
        if (parts is ["invocation", var escapedId, var action] && isPost && action is "response" or "error")
        {
            var requestId = Uri.UnescapeDataString(escapedId);
            if (action == "response")
            {
                var body = await ReadBodyAsync(request, PayloadLimits.Response, context.RequestAborted);
                await WriteAsync(context, api.PostResponse(requestId, body));
            }
            else
            {
                var body = await ReadBodyAsync(request, MaxErrorBody, context.RequestAborted);
                await WriteAsync(context, body is null
                    ? ApiReply.Error(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "The error body is too large.")
                    : api.PostError(requestId, body, errorType));
            }

            return;
        }

        var status = isGet || isPost ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed;
        await WriteAsync(context, ApiReply.Error(status, "NotFound", $"No route for {request.Method} {path}."));
    }

    private static async Task NextAsync(IRuntimeApi api, HttpContext context)
    {
        PendingInvocation? invocation;
        try
        {
            invocation = await api.NextAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (invocation is null)
        {
            context.Abort();
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = api.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = invocation.Payload.Length;
        await context.Response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    /// <summary>Reads the whole body; null when it is longer than <paramref name="limit"/> (the rest is drained so the connection survives).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            await request.Body.CopyToAsync(Stream.Null, cancellationToken);
            return null;
        }

        if (request.ContentLength is { } length)
        {
            // The runtime client sends a Content-Length: the body goes straight into an array of that size.
            var exact = length == 0 ? [] : new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await request.Body.CopyToAsync(Stream.Null, cancellationToken);
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, ApiReply reply)
    {
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }
}
