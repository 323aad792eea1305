using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Functions.Support;

/// <summary>What a function posted for an invocation (response or error) or to /runtime/init/error.</summary>
public sealed record RuntimePost(bool IsError, string? ErrorType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>The Lambda Runtime API (2018-06-01) on a free loopback port, for one function process.</summary>
public sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01";

    private readonly Channel<(string RequestId, byte[] Payload)> _queue = Channel.CreateUnbounded<(string, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimePost>> _results = new();
    private readonly TaskCompletionSource<RuntimePost> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;

    private RuntimeApiServer(WebApplication app) => _app = app;

    /// <summary>The value for AWS_LAMBDA_RUNTIME_API: host and port, no scheme.</summary>
    public string HostAndPort { get; private set; } = null!;

    public static async Task<RuntimeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RuntimeApiServer(app);
        app.MapGet(Prefix + "/runtime/invocation/next", server.NextAsync);
        app.MapPost(Prefix + "/runtime/invocation/{id}/response", (HttpContext http, string id) => server.RecordAsync(http, id, isError: false));
        app.MapPost(Prefix + "/runtime/invocation/{id}/error", (HttpContext http, string id) => server.RecordAsync(http, id, isError: true));
        app.MapPost(Prefix + "/runtime/init/error", server.RecordInitErrorAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.HostAndPort = $"{address.Host}:{address.Port}";
        return server;
    }

    /// <summary>Queues an event for the function's next GET /runtime/invocation/next and returns its request id.</summary>
    public string Enqueue(byte[] payload)
    {
        var requestId = Guid.NewGuid().ToString();
        _queue.Writer.TryWrite((requestId, payload));
        return requestId;
    }

    /// <summary>Completes when the function posts the invocation's response or error.</summary>
    public Task<RuntimePost> ResultAsync(string requestId) => Completion(requestId).Task;

    /// <summary>Completes when the function posts to /runtime/init/error.</summary>
    public Task<RuntimePost> InitErrorAsync() => _initError.Task;

    /// <summary>Completes when the function first asks for an event, which it does only after init succeeded.</summary>
    public Task PolledAsync() => _polled.Task;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task NextAsync(HttpContext http)
    {
        _polled.TrySetResult();
        (string RequestId, byte[] Payload) invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:platform-test";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-6744c0a0-5e8f0c1d2b3a4f5e6d7c8b9a;Parent=53995c3f42cd8ad8;Sampled=1";
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(invocation.Payload, http.RequestAborted);
    }

    private async Task RecordAsync(HttpContext http, string id, bool isError)
    {
        var post = new RuntimePost(isError, ErrorType(http), await ReadBodyAsync(http));
        Completion(id).TrySetResult(post);
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task RecordInitErrorAsync(HttpContext http)
    {
        _initError.TrySetResult(new RuntimePost(IsError: true, ErrorType(http), await ReadBodyAsync(http)));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private TaskCompletionSource<RuntimePost> Completion(string requestId) =>
        _results.GetOrAdd(requestId, _ => new TaskCompletionSource<RuntimePost>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private static string? ErrorType(HttpContext http) =>
        http.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value.ToString() : null;
}
