using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Local.Gateway;

namespace Platform.Tests.Local.Gateway.Support;

/// <summary>The gateway served by Kestrel on a free loopback port, with an HttpClient pointed at it.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, HttpApiGateway gateway, Uri baseAddress)
    {
        _app = app;
        Gateway = gateway;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpApiGateway Gateway { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayServer> StartAsync(HttpApiGatewayOptions options)
    {
        var gateway = new HttpApiGateway(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(gateway.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GatewayServer(app, gateway, new Uri(address));
    }

    /// <summary>Sends a request exactly as written (HttpClient would merge repeated headers) and returns the raw response.</summary>
    public async Task<string> SendRawAsync(string requestHead, string body = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, BaseAddress.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var head = requestHead.TrimEnd().Replace("\n", "\r\n", StringComparison.Ordinal)
            + $"\r\nHost: 127.0.0.1:{BaseAddress.Port}\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        await stream.WriteAsync(bodyBytes, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
