using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Local.Queues;
using Platform.Tests.Local.Schedules.Support;

namespace Platform.Tests.Local.Queues.Support;

/// <summary>A <see cref="SqsEndpoint"/> on a free loopback port, a manual clock, and the real AWSSDK.SQS client pointed at it.</summary>
public sealed class SqsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SqsServer(WebApplication app, QueueService queues, ManualClock clock, Uri endpoint)
    {
        _app = app;
        Queues = queues;
        Clock = clock;
        Endpoint = endpoint;
        Client = new AmazonSQSClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
    }

    public QueueService Queues { get; }

    public ManualClock Clock { get; }

    public Uri Endpoint { get; }

    public AmazonSQSClient Client { get; }

    /// <summary>POSTs a raw AWS JSON 1.0 request, for what the SDK hides (status, headers, error body).</summary>
    public async Task<HttpResponseMessage> PostAsync(string target, string json)
    {
        using var http = new HttpClient { BaseAddress = Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        if (target.Length > 0)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/x-amz-json-1.0");
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    /// <summary>Starts the endpoint, or <paramref name="handler"/> in its place (to show what the SDK does with a wrong answer).</summary>
    public static async Task<SqsServer> StartAsync(string? stateDirectory = null, RequestDelegate? handler = null)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var queues = new QueueService(new QueueServiceOptions { TimeProvider = clock, StateDirectory = stateDirectory });
        var endpoint = new SqsEndpoint(queues);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler ?? endpoint.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SqsServer(app, queues, clock, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }
}
