using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Runtime.Support;

/// <summary>An invocation the fake Runtime API hands out from GET /runtime/invocation/next.</summary>
public sealed record QueuedInvocation(string RequestId, byte[] Payload)
{
    public long? DeadlineMs { get; init; }

    public string? InvokedFunctionArn { get; init; } = "arn:aws:lambda:eu-west-1:123456789012:function:test";

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }
}

/// <summary>What the function posted for an invocation (response or error), or to /runtime/init/error.</summary>
public sealed record PostedResult(string RequestId, bool IsError, string? ErrorTypeHeader, byte[] Body, string? ContentType);

/// <summary>The Lambda Runtime API played by Kestrel on a free loopback port.</summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01";

    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PostedResult>> _results = new();
    private readonly TaskCompletionSource<PostedResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _pollLock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _pollWaiters = [];
    private WebApplication? _app;
    private int _polls;

    /// <summary>Responses larger than this are rejected with 413, as Lambda does above 6 MB.</summary>
    public long MaxResponseBytes { get; set; } = 6 * 1024 * 1024;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var api = new FakeRuntimeApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(System.Net.IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.MapGet(Prefix + "/runtime/invocation/next", api.NextAsync);
        app.MapPost(Prefix + "/runtime/invocation/{id}/response", (HttpContext http, string id) => api.RecordAsync(http, id, isError: false));
        app.MapPost(Prefix + "/runtime/invocation/{id}/error", (HttpContext http, string id) => api.RecordAsync(http, id, isError: true));
        app.MapPost(Prefix + "/runtime/init/error", api.RecordInitErrorAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api._app = app;
        api.BaseAddress = new Uri(address.TrimEnd('/') + Prefix + "/");
        return api;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    public void Enqueue(QueuedInvocation invocation) => _queue.Writer.TryWrite(invocation);

    public Task<PostedResult> ResultFor(string requestId) => Completion(requestId).Task.Within();

    public Task<PostedResult> InitError() => _initError.Task.Within();

    /// <summary>Completes once the function has called GET /runtime/invocation/next <paramref name="count"/> times.</summary>
    public Task PolledAsync(int count)
    {
        lock (_pollLock)
        {
            if (_polls >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollWaiters.Add((count, signal));
            return signal.Task.Within();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private async Task NextAsync(HttpContext http)
    {
        lock (_pollLock)
        {
            _polls++;
            foreach (var waiter in _pollWaiters.Where(waiter => waiter.Count <= _polls).ToList())
            {
                waiter.Signal.TrySetResult();
                _pollWaiters.Remove(waiter);
            }
        }

        QueuedInvocation invocation;
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
        if (invocation.DeadlineMs is { } deadline)
        {
            headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        }

        SetIfPresent(headers, "Lambda-Runtime-Invoked-Function-Arn", invocation.InvokedFunctionArn);
        SetIfPresent(headers, "Lambda-Runtime-Trace-Id", invocation.TraceId);
        SetIfPresent(headers, "Lambda-Runtime-Client-Context", invocation.ClientContext);
        SetIfPresent(headers, "Lambda-Runtime-Cognito-Identity", invocation.CognitoIdentity);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(invocation.Payload, http.RequestAborted);
    }

    private async Task RecordAsync(HttpContext http, string id, bool isError)
    {
        var body = await ReadBodyAsync(http);
        if (!isError && body.Length > MaxResponseBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        Completion(id).TrySetResult(new PostedResult(id, isError, ErrorType(http), body, http.Request.ContentType));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task RecordInitErrorAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http);
        _initError.TrySetResult(new PostedResult(string.Empty, IsError: true, ErrorType(http), body, http.Request.ContentType));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private TaskCompletionSource<PostedResult> Completion(string requestId) =>
        _results.GetOrAdd(requestId, _ => new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private static string? ErrorType(HttpContext http) =>
        http.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value.ToString() : null;

    private static void SetIfPresent(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
