using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Bench.Harness;

/// <summary>What a function posted to the Runtime API, and when (a <see cref="Stopwatch"/> timestamp taken on arrival).</summary>
public sealed record RuntimePost(long Timestamp, bool IsError, string? ErrorType, byte[] Body);

/// <summary>
/// The Lambda Runtime API (2018-06-01) on a loopback port, serving one function process at a time: each
/// <see cref="Expect"/> opens a new generation with one event, so a killed process's pending poll never takes the next
/// process's event. <see cref="Endless"/> answers every poll at once, for measuring the warm invocation loop.
/// </summary>
public sealed class RuntimeApiStub : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01";
    private readonly WebApplication _app;
    private Generation _current = Generation.Closed();

    private RuntimeApiStub(WebApplication app) => _app = app;

    /// <summary>The value for AWS_LAMBDA_RUNTIME_API: host and port.</summary>
    public string HostAndPort { get; private set; } = string.Empty;

    public static async Task<RuntimeApiStub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new RuntimeApiStub(app);
        app.MapGet(Prefix + "/runtime/invocation/next", stub.NextAsync);
        app.MapPost(Prefix + "/runtime/invocation/{id}/response", (HttpContext http, string id) => stub.PostedAsync(http, isError: false));
        app.MapPost(Prefix + "/runtime/invocation/{id}/error", (HttpContext http, string id) => stub.PostedAsync(http, isError: true));
        app.MapPost(Prefix + "/runtime/init/error", (HttpContext http) => stub.PostedAsync(http, isError: true));
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        stub.HostAndPort = $"{address.Host}:{address.Port}";
        return stub;
    }

    /// <summary>Queues one event for the next poll; completes with the first post (response, error or init error).</summary>
    public Task<RuntimePost> Expect(byte[] payload)
    {
        var generation = Generation.Single(payload);
        Volatile.Write(ref _current, generation);
        return generation.FirstPost.Task;
    }

    /// <summary>Answers every poll at once with <paramref name="payload"/>; completes when <paramref name="responses"/> have been posted.</summary>
    public Task<RuntimePost> Endless(byte[] payload, int responses)
    {
        var generation = Generation.Repeating(payload, responses);
        Volatile.Write(ref _current, generation);
        return generation.LastPost.Task;
    }

    /// <summary>Stops answering polls (a poll in flight waits until its client goes away).</summary>
    public void Close() => Volatile.Write(ref _current, Generation.Closed());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task NextAsync(HttpContext http)
    {
        var generation = Volatile.Read(ref _current);
        byte[] payload;
        try
        {
            payload = await generation.NextAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = generation.NextRequestId();
        headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:bench";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-6744c0a0-5e8f0c1d2b3a4f5e6d7c8b9a;Parent=53995c3f42cd8ad8;Sampled=0";
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = payload.Length;
        await http.Response.Body.WriteAsync(payload, http.RequestAborted);
    }

    private async Task PostedAsync(HttpContext http, bool isError)
    {
        var generation = Volatile.Read(ref _current);
        byte[] body;
        if (generation.KeepsBodies)
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        else
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            body = [];
        }

        var timestamp = Stopwatch.GetTimestamp();
        var errorType = http.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value.ToString() : null;
        generation.Posted(new RuntimePost(timestamp, isError, errorType, body));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private sealed class Generation
    {
        private readonly Channel<byte[]>? _single;
        private readonly byte[]? _repeating;
        private readonly int _responses;
        private int _posted;
        private long _requestIds;

        private Generation(Channel<byte[]>? single, byte[]? repeating, int responses)
        {
            _single = single;
            _repeating = repeating;
            _responses = responses;
        }

        public TaskCompletionSource<RuntimePost> FirstPost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<RuntimePost> LastPost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool KeepsBodies => _repeating is null;

        public static Generation Single(byte[] payload)
        {
            var channel = Channel.CreateUnbounded<byte[]>();
            channel.Writer.TryWrite(payload);
            return new Generation(channel, null, 1);
        }

        public static Generation Repeating(byte[] payload, int responses) => new(null, payload, responses);

        public static Generation Closed() => new(Channel.CreateUnbounded<byte[]>(), null, 0);

        public string NextRequestId() => "bench-" + Interlocked.Increment(ref _requestIds).ToString(CultureInfo.InvariantCulture);

        public async ValueTask<byte[]> NextAsync(CancellationToken cancellationToken)
        {
            if (_repeating is not null && Volatile.Read(ref _posted) < _responses)
            {
                return _repeating;
            }

            if (_single is not null)
            {
                return await _single.Reader.ReadAsync(cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }

        public void Posted(RuntimePost post)
        {
            FirstPost.TrySetResult(post);
            if (Interlocked.Increment(ref _posted) == _responses)
            {
                LastPost.TrySetResult(post);
            }
        }
    }
}
