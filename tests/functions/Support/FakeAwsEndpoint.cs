using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Functions.Support;

/// <summary>An event as EventBridge PutEvents received it.</summary>
public sealed record RecordedEvent(string EventId, string Source, string DetailType, string Detail, string? EventBusName, string Authorization)
{
    public JsonElement DetailJson => JsonDocument.Parse(Detail).RootElement;

    public string DetailString(string name) => DetailJson.GetProperty(name).GetString()!;
}

/// <summary>An e-mail as SES v2 SendEmail received it.</summary>
public sealed record RecordedEmail(string MessageId, string From, IReadOnlyList<string> To, string Subject, string Text, string Authorization);

/// <summary>
/// One loopback endpoint that answers like AWS for EventBridge PutEvents (AWS JSON 1.1 at <c>/</c>) and SES v2 SendEmail
/// (<c>POST /v2/email/outbound-emails</c>), recording what it was sent. Anything else is a 400 the caller sees.
/// </summary>
public sealed class FakeAwsEndpoint : IAsyncDisposable
{
    private const string PutEventsTarget = "AWSEvents.PutEvents";

    private readonly ConcurrentQueue<RecordedEvent> _events = new();
    private readonly ConcurrentQueue<RecordedEmail> _emails = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly WebApplication _app;

    private FakeAwsEndpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedEvent> Events => [.. _events];

    public IReadOnlyList<RecordedEmail> Emails => [.. _emails];

    /// <summary>Requests the fake could not place (wrong path, target or body); a test asserts this stays empty.</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    public IReadOnlyList<RecordedEvent> EventsOf(string detailType) => [.. _events.Where(e => e.DetailType == detailType)];

    public IReadOnlyList<RecordedEmail> EmailsTo(string address) =>
        [.. _emails.Where(e => e.To.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public static async Task<FakeAwsEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new FakeAwsEndpoint(app);
        app.MapPost("/", endpoint.PutEventsAsync);
        app.MapPost("/v2/email/outbound-emails", endpoint.SendEmailAsync);
        app.MapFallback(endpoint.Unknown);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(address.TrimEnd('/') + "/");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task PutEventsAsync(HttpContext http)
    {
        if (http.Request.Headers["X-Amz-Target"] != PutEventsTarget)
        {
            await RejectAsync(http, $"POST / with X-Amz-Target '{http.Request.Headers["X-Amz-Target"]}'");
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var ids = new List<string>();
        foreach (var entry in body.RootElement.GetProperty("Entries").EnumerateArray())
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            _events.Enqueue(new RecordedEvent(
                id,
                entry.GetProperty("Source").GetString()!,
                entry.GetProperty("DetailType").GetString()!,
                entry.GetProperty("Detail").GetString()!,
                entry.TryGetProperty("EventBusName", out var bus) ? bus.GetString() : null,
                http.Request.Headers.Authorization.ToString()));
        }

        http.Response.ContentType = "application/x-amz-json-1.1";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new PutEventsAnswer(0, [.. ids.Select(id => new PutEventsAnswerEntry(id))]), FakeAwsJsonContext.Default.PutEventsAnswer), http.RequestAborted);
    }

    private async Task SendEmailAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var root = body.RootElement;
        var simple = root.GetProperty("Content").GetProperty("Simple");
        var messageId = "0100019" + Guid.NewGuid().ToString("N") + "-000000";
        _emails.Enqueue(new RecordedEmail(
            messageId,
            root.GetProperty("FromEmailAddress").GetString()!,
            [.. root.GetProperty("Destination").GetProperty("ToAddresses").EnumerateArray().Select(a => a.GetString()!)],
            simple.GetProperty("Subject").GetProperty("Data").GetString()!,
            simple.GetProperty("Body").GetProperty("Text").GetProperty("Data").GetString()!,
            http.Request.Headers.Authorization.ToString()));
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new SendEmailAnswer(messageId), FakeAwsJsonContext.Default.SendEmailAnswer), http.RequestAborted);
    }

    private Task Unknown(HttpContext http) => RejectAsync(http, $"{http.Request.Method} {http.Request.Path}");

    private Task RejectAsync(HttpContext http, string what)
    {
        _unexpected.Enqueue(what);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/x-amz-json-1.1";
        return http.Response.WriteAsync("""{"__type":"UnknownOperationException","message":"The fake does not implement this."}""", http.RequestAborted);
    }
}
