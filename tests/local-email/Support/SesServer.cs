using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Local.Email;

namespace Platform.Tests.Local.Email.Support;

/// <summary>The SES endpoint in Kestrel on 127.0.0.1 and a free port, over an outbox in its own directory.</summary>
public sealed class SesServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SesServer(WebApplication app, Outbox outbox, Uri endpoint)
    {
        _app = app;
        Outbox = outbox;
        Endpoint = endpoint;
    }

    public Outbox Outbox { get; }

    public Uri Endpoint { get; }

    public static async Task<SesServer> StartAsync(string directory, TimeProvider timeProvider)
    {
        var outbox = new Outbox(directory, timeProvider);
        var ses = new SesEndpoint(outbox);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(ses.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SesServer(app, outbox, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
