using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Local.Storage;

namespace Platform.Tests.Local.Storage.Support;

/// <summary>An <see cref="S3Endpoint"/> over a store in <see cref="StateDirectory"/>, in Kestrel on a free loopback port, and the real AWSSDK.S3 client pointed at it.</summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests;

    private S3Server(WebApplication app, ObjectStore store, Uri endpoint, ConcurrentQueue<RecordedRequest> requests)
    {
        _app = app;
        _requests = requests;
        Store = store;
        Endpoint = endpoint;
        Client = CreateClient(endpoint);
    }

    public ObjectStore Store { get; }

    public Uri Endpoint { get; }

    public AmazonS3Client Client { get; }

    public string StateDirectory => Store.Options.StateDirectory;

    /// <summary>What the client sent, request line and headers, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>A client as the functions configure theirs: path-style, dummy credentials, no retries to hide errors.</summary>
    public static AmazonS3Client CreateClient(Uri endpoint, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonS3Client(new BasicAWSCredentials("AKIDLOCAL", "local-secret"), config);
    }

    public static async Task<S3Server> StartAsync(string stateDirectory, Func<ObjectStoreOptions, ObjectStoreOptions>? configure = null)
    {
        var options = new ObjectStoreOptions { StateDirectory = stateDirectory };
        var store = new ObjectStore(configure is null ? options : configure(options));
        var endpoint = new S3Endpoint(store);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var requests = new ConcurrentQueue<RecordedRequest>();
        app.Run(context =>
        {
            requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return endpoint.HandleAsync(context);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new S3Server(app, store, new Uri(address), requests);
    }

    /// <summary>Sends a raw request, for what the SDK hides or cannot send.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var http = new HttpClient { BaseAddress = Endpoint };
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>A request as the endpoint received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
