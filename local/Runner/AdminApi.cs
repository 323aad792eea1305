using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Platform.Local.EventBus;
using Platform.Local.Storage;

namespace Platform.Local.Runner;

/// <summary>The runner's own API under <c>/_local/api/</c> on the gateway's port: what the CLI commands and the page read and do.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GET /_local/api/events/stream?recent=N</c>: server-sent events, one <c>event</c> per bus event with the rules it matched,
/// starting with the last N (default 0).</item>
/// <item><c>GET /_local/api/dlq</c>: every dead-letter queue with its messages and their reasons.</item>
/// <item><c>POST /_local/api/dlq/{name}/redrive</c> (optionally <c>?id=…</c>, repeatable): redrives messages to where they failed.</item>
/// <item><c>POST /_local/api/buckets/{bucket}/notify</c> with <c>{"key": …, "versionId": …?}</c>: delivers the stored object's
/// ObjectCreated notification again, as S3's at-least-once delivery can; answers 202 with the records sent.</item>
/// </list>
/// The web page at <c>/_local/</c> and the API calls it makes are <see cref="Page.PageApi"/>'s.
/// No definition route may start with <c>/_local/</c>; the runner refuses to start if one does.
/// </remarks>
internal sealed class AdminApi(EventBusEndpoint bus, DeadLetters deadLetters, ObjectStore storage, Page.PageApi page)
{
    public const string Prefix = "/_local/";
    private const string Api = "/_local/api";

    /// <summary>Whether a request is for the runner rather than the platform's routes.</summary>
    public static bool Handles(HttpContext context) => context.Request.Path.StartsWithSegments("/_local", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        if (HttpMethods.IsGet(request.Method) && path == Api + "/events/stream")
        {
            await StreamEventsAsync(context);
        }
        else if (HttpMethods.IsGet(request.Method) && path == Api + "/dlq")
        {
            await WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteDeadLetters(writer, deadLetters.List()));
        }
        else if (HttpMethods.IsPost(request.Method) && path.StartsWith(Api + "/dlq/", StringComparison.Ordinal) && path.EndsWith("/redrive", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(path[(Api.Length + "/dlq/".Length)..^"/redrive".Length]);
            var ids = request.Query["id"].Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToList();
            if (!deadLetters.Contains(name))
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"'{name}' is not a dead-letter queue of this platform.");
                return;
            }

            var moved = deadLetters.Redrive(name, ids.Count == 0 ? null : ids);
            await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("queue", name);
                writer.WriteNumber("redriven", moved);
                writer.WriteEndObject();
            });
        }
        else if (HttpMethods.IsPost(request.Method) && path.StartsWith(Api + "/buckets/", StringComparison.Ordinal) && path.EndsWith("/notify", StringComparison.Ordinal))
        {
            await NotifyAsync(context, Uri.UnescapeDataString(path[(Api.Length + "/buckets/".Length)..^"/notify".Length]));
        }
        else if (!await page.TryHandleAsync(context))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"The runner has nothing at {request.Method} {path}.");
        }
    }

    private async Task NotifyAsync(HttpContext context, string bucket)
    {
        string key;
        string? versionId;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = body.RootElement;
            key = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() is { Length: > 0 } text
                ? text
                : throw new JsonException("key is required and must be a non-empty string.");
            versionId = root.TryGetProperty("versionId", out var v) && v.ValueKind != JsonValueKind.Null
                ? (v.ValueKind == JsonValueKind.String ? v.GetString() : throw new JsonException("versionId must be a string."))
                : null;
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be {\"key\": \"imports/…\", \"versionId\": optional}: " + ex.Message);
            return;
        }

        IReadOnlyList<S3EventNotification> sent;
        try
        {
            sent = storage.Redeliver(bucket, key, versionId);
        }
        catch (S3Exception ex)
        {
            await WriteErrorAsync(context, ex.Status, $"{ex.Code}: {ex.Message}");
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("bucket", bucket);
            writer.WriteString("key", key);
            writer.WriteNumber("delivered", sent.Count);
            writer.WriteStartArray("notifications");
            foreach (var notification in sent)
            {
                writer.WriteRawValue(notification.ToJson(), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private async Task StreamEventsAsync(HttpContext context)
    {
        var recent = int.TryParse(context.Request.Query["recent"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var channel = Channel.CreateBounded<MatchedEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnMatched(object? sender, MatchedEvent matched) => channel.Writer.TryWrite(matched);

        bus.EventMatched += OnMatched;
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            foreach (var matched in bus.Recent.TakeLast(recent))
            {
                channel.Writer.TryWrite(matched);
            }

            // A comment line at once so that clients see the stream open before the first event.
            await response.WriteAsync(": events\n\n", context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await foreach (var matched in channel.Reader.ReadAllAsync(context.RequestAborted))
            {
                var data = Encoding.UTF8.GetString(Serialize(writer => WriteEvent(writer, matched)));
                await response.WriteAsync($"event: event\nid: {matched.EventId}\ndata: {data}\n\n", context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the runner is stopping.
        }
        finally
        {
            bus.EventMatched -= OnMatched;
        }
    }

    /// <summary>A bus event as the API carries it: its id, source, type, time, matched rules, trace header and the event itself.</summary>
    public static void WriteEvent(Utf8JsonWriter writer, MatchedEvent matched)
    {
        writer.WriteStartObject();
        writer.WriteString("id", matched.EventId);
        writer.WriteString("bus", matched.BusName);
        writer.WriteString("source", matched.Source);
        writer.WriteString("detailType", matched.DetailType);
        writer.WriteString("receivedAt", matched.ReceivedAt);
        writer.WriteStartArray("matchedRules");
        foreach (var rule in matched.MatchedRules)
        {
            writer.WriteStringValue(rule);
        }

        writer.WriteEndArray();
        if (matched.TraceHeader is not null)
        {
            writer.WriteString("traceHeader", matched.TraceHeader);
        }

        writer.WritePropertyName("event");
        writer.WriteRawValue(matched.EventJson, skipInputValidation: true);
        writer.WriteEndObject();
    }

    private static void WriteDeadLetters(Utf8JsonWriter writer, IReadOnlyList<DeadLetterQueueView> queues)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("queues");
        foreach (var queue in queues)
        {
            writer.WriteStartObject();
            writer.WriteString("name", queue.Name);
            writer.WriteString("kind", queue.Kind.ToString());
            writer.WriteString("source", queue.Source);
            writer.WriteStartArray("messages");
            foreach (var message in queue.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("messageId", message.MessageId);
                writer.WriteString("sentAt", message.SentAt);
                writer.WriteString("reason", message.Reason);
                writer.WriteString("body", message.Body);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps quotes and apostrophes readable for curl users; the answers are JSON, never embedded in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Answers with the JSON that <paramref name="write"/> writes.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Serialize(write), context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
}
