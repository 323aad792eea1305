using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Platform.Tests.Clients.Fakes;

/// <summary>An HTTP listener on 127.0.0.1 that plays an AWS service: it records each request and answers with a scripted response.</summary>
internal sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeAwsServer(HttpListener listener, Uri endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public Func<RecordedRequest, FakeResponse> Respond { get; set; } = _ => FakeResponse.Json(200, "{}");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest SingleRequest => Assert.Single(_requests);

    public static FakeAwsServer Start()
    {
        // HttpListener cannot bind port 0, so borrow a free port from the OS and retry if another process takes it first.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new FakeAwsServer(listener, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
            {
                headers[name] = string.Join(",", context.Request.Headers.GetValues(name) ?? []);
            }

            var rawUrl = context.Request.RawUrl ?? "/";
            var queryStart = rawUrl.IndexOf('?', StringComparison.Ordinal);
            var request = new RecordedRequest(
                context.Request.HttpMethod,
                queryStart < 0 ? rawUrl : rawUrl[..queryStart],
                queryStart < 0 ? string.Empty : rawUrl[(queryStart + 1)..],
                headers,
                body.ToArray());
            _requests.Enqueue(request);

            FakeResponse response;
            try
            {
                response = Respond(request);
            }
            catch (Exception e)
            {
                response = new FakeResponse(599, e.ToString(), "text/plain", new Dictionary<string, string>());
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

/// <summary>A request as the fake service received it.</summary>
internal sealed record RecordedRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A scripted answer of the fake service.</summary>
internal sealed record FakeResponse(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public static FakeResponse Json(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, body, "application/json", headers.ToDictionary(h => h.Name, h => h.Value));
}
