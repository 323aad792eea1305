using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Local.EventBus;

namespace Platform.Tests.Local.EventBus.Support;

/// <summary>An <see cref="EventBusEndpoint"/> served by Kestrel on a free loopback port, with a client speaking AWS JSON 1.1.</summary>
public sealed class EventBusServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private EventBusServer(WebApplication app, EventBusEndpoint endpoint, Uri baseAddress)
    {
        _app = app;
        Endpoint = endpoint;
        _client = new HttpClient { BaseAddress = baseAddress };
    }

    public EventBusEndpoint Endpoint { get; }

    public static async Task<EventBusServer> StartAsync(EventBusEndpoint? endpoint = null)
    {
        endpoint ??= new EventBusEndpoint();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EventBusServer(app, endpoint, new Uri(address));
    }

    /// <summary>POSTs <paramref name="body"/> with <c>X-Amz-Target: AWSEvents.{operation}</c>; returns the status and the parsed JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(string operation, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "AWSEvents." + operation);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> CallAsync(string operation, object request) =>
        CallAsync(operation, JsonSerializer.Serialize(request));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        await Endpoint.DisposeAsync();
    }
}
