using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Infra.Definition;
using Platform.Local.Email;
using Platform.Local.EventBus;
using Platform.Local.Runner;

namespace Platform.Local.Page;

/// <summary>The runner's web page at <c>/_local/</c> and the part of the runner's API that the page reads and acts through.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GET /_local/</c>: the page (HTML, CSS and a script embedded in the runner; nothing is fetched from elsewhere).</item>
/// <item><c>GET /_local/api/overview</c>: functions, queues, edge traffic and the latest mails in one answer, for polling.</item>
/// <item><c>GET /_local/api/platform</c>: stack, URLs, the development token, routes, schedules and event types for the controls.</item>
/// <item><c>GET /_local/api/functions</c>, <c>/queues</c>, <c>/outbox?limit=N</c>, <c>/events?limit=N</c>, <c>/architecture</c>.</item>
/// <item><c>GET /_local/api/orders/{id}/activity</c>: the bus events and mails that mention an order.</item>
/// <item><c>GET /_local/api/traces/{trace id or order id}</c>: one trace's steps with offsets and durations (404 when unknown).</item>
/// <item><c>POST /_local/api/invoke-route</c> <c>{"method","path","headers"?,"body"?}</c>: a request through the gateway.</item>
/// <item><c>POST /_local/api/put-event</c> <c>{"source","detailType","detail"}</c>: an event on the platform's bus.</item>
/// <item><c>POST /_local/api/schedules/{name}/fire</c>: a schedule fired now.</item>
/// </list>
/// POSTs need <c>Content-Type: application/json</c>, so that another site open in the same browser cannot send them without a
/// CORS preflight, which the runner never grants. Bad input gets a 400 whose <c>field</c> names what is wrong.
/// </remarks>
internal sealed class PageApi : IDisposable
{
    private const string Api = "/_local/api";
    private const int MaxRequestBytes = 1024 * 1024;
    private const int MaxOrderIdLength = 200;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "host", "content-length", "transfer-encoding", "connection", "upgrade", "keep-alive" };

    private readonly LocalPlatform _platform;
    private readonly Architecture _architecture;
    private readonly HttpClient _gateway;
    private readonly Dictionary<string, (string ContentType, byte[] Content)> _files;

    public PageApi(LocalPlatform platform)
    {
        _platform = platform;
        _architecture = Architecture.From(platform.Model);

        // The integration timeout is 30 s at most; the gateway answers 504 by then.
        _gateway = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = platform.GatewayUrl, Timeout = TimeSpan.FromSeconds(40) };
        _files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal)
        {
            ["/_local/"] = ("text/html; charset=utf-8", Resource("index.html")),
            ["/_local/page.css"] = ("text/css; charset=utf-8", Resource("page.css")),
            ["/_local/page.js"] = ("text/javascript; charset=utf-8", Resource("page.js")),
        };
    }

    /// <summary>Answers the request when it is the page's or one of its API calls; false when nothing here serves that path.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        try
        {
            if (get && path == "/_local")
            {
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = "/_local/";
            }
            else if (get && _files.TryGetValue(path, out var file))
            {
                await ServeFileAsync(context, file.ContentType, file.Content);
            }
            else if (get && path == Api + "/overview")
            {
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, WriteOverview);
            }
            else if (get && path == Api + "/platform")
            {
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, WritePlatform);
            }
            else if (get && path == Api + "/functions")
            {
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => Wrap(writer, "functions", WriteFunctions));
            }
            else if (get && path == Api + "/queues")
            {
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => Wrap(writer, "queues", WriteQueues));
            }
            else if (get && path == Api + "/outbox")
            {
                var limit = Limit(request, 50, 1000);
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteOutbox(writer, _platform.Outbox.List(), limit));
            }
            else if (get && path == Api + "/events")
            {
                var limit = Limit(request, 100, 1000);
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteEvents(writer, _platform.Bus.Recent.TakeLast(limit)));
            }
            else if (get && path == Api + "/architecture")
            {
                await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, WriteArchitecture);
            }
            else if (get && path.StartsWith(Api + "/orders/", StringComparison.Ordinal) && path.EndsWith("/activity", StringComparison.Ordinal))
            {
                var orderId = Uri.UnescapeDataString(path[(Api.Length + "/orders/".Length)..^"/activity".Length]);
                await OrderActivityAsync(context, orderId);
            }
            else if (get && path.StartsWith(Api + "/traces/", StringComparison.Ordinal))
            {
                await TraceAsync(context, Uri.UnescapeDataString(path[(Api.Length + "/traces/".Length)..]));
            }
            else if (post && path == Api + "/invoke-route")
            {
                await InvokeRouteAsync(context);
            }
            else if (post && path == Api + "/put-event")
            {
                await PutEventAsync(context);
            }
            else if (post && path.StartsWith(Api + "/schedules/", StringComparison.Ordinal) && path.EndsWith("/fire", StringComparison.Ordinal))
            {
                await FireScheduleAsync(context, Uri.UnescapeDataString(path[(Api.Length + "/schedules/".Length)..^"/fire".Length]));
            }
            else
            {
                return false;
            }
        }
        catch (PageApiException error)
        {
            await AdminApi.WriteJsonAsync(context, error.StatusCode, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("message", error.Message);
                if (error.Field is not null)
                {
                    writer.WriteString("field", error.Field);
                }

                writer.WriteEndObject();
            });
        }

        return true;
    }

    public void Dispose() => _gateway.Dispose();

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("page/" + name)
            ?? throw new InvalidOperationException($"The page's file {name} is not embedded in the runner.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static async Task ServeFileAsync(HttpContext context, string contentType, byte[] content)
    {
        var response = context.Response;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.RequestAborted);
    }

    private static int Limit(HttpRequest request, int fallback, int maximum)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is > 0 && limit <= maximum
            ? limit
            : throw new PageApiException("limit", $"limit must be a whole number from 1 to {maximum.ToString(CultureInfo.InvariantCulture)}; it is '{text}'.");
    }

    private static void Wrap(Utf8JsonWriter writer, string name, Action<Utf8JsonWriter> writeArray)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(name);
        writeArray(writer);
        writer.WriteEndObject();
    }

    private void WriteOverview(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("functions");
        WriteFunctions(writer);
        writer.WritePropertyName("queues");
        WriteQueues(writer);
        writer.WriteStartArray("edges");
        foreach (var edge in _architecture.Edges)
        {
            writer.WriteStartObject();
            writer.WriteString("id", edge.Id);
            WriteTraffic(writer, Architecture.Traffic(edge, _platform.Traffic));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("outbox");
        WriteOutbox(writer, _platform.Outbox.List(), 20);
        writer.WriteNumber("recentEvents", _platform.Bus.Recent.Count);
        writer.WriteEndObject();
    }

    private void WritePlatform(Utf8JsonWriter writer)
    {
        var model = _platform.Model;
        writer.WriteStartObject();
        writer.WriteString("stack", _platform.Stack);
        writer.WriteString("gatewayUrl", _platform.GatewayUrl.ToString());
        writer.WriteString("pageUrl", _platform.PageUrl.ToString());
        writer.WriteString("busName", LocalPlatform.BusName);
        writer.WriteString("developmentToken", _platform.DevelopmentToken);
        if (_platform.DemoCustomerId is { } demo)
        {
            writer.WriteString("demoCustomerId", demo);
        }

        writer.WriteStartArray("routes");
        foreach (var function in model.Functions)
        {
            foreach (var route in function.Triggers.OfType<HttpRoute>())
            {
                writer.WriteStartObject();
                writer.WriteString("routeKey", route.RouteKey);
                writer.WriteString("method", route.Method);
                writer.WriteString("path", route.Path);
                writer.WriteString("authorization", route.Authorization == RouteAuthorization.Jwt ? "jwt" : "public");
                writer.WriteString("function", function.Name);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("schedules");
        foreach (var function in model.Functions)
        {
            foreach (var schedule in function.Triggers.OfType<ScheduleTrigger>())
            {
                writer.WriteStartObject();
                writer.WriteString("name", schedule.RuleName);
                writer.WriteString("expression", schedule.Expression);
                writer.WriteString("function", function.Name);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("eventTypes");
        var patterns = model.Functions.SelectMany(f => f.Triggers.OfType<EventSubscription>()).Concat(model.Queues.Select(q => q.FedBy)).Select(s => s.Pattern);
        foreach (var (source, detailType) in patterns.SelectMany(p => p.Source.SelectMany(source => p.DetailType.Select(type => (source, type)))).Distinct())
        {
            writer.WriteStartObject();
            writer.WriteString("source", source);
            writer.WriteString("detailType", detailType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteFunctions(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var function in _platform.Model.Functions)
        {
            var host = _platform.Functions[function.Name];
            var stats = host.Stats;
            writer.WriteStartObject();
            writer.WriteString("name", function.Name);
            writer.WriteNumber("invocations", stats.Invocations);
            writer.WriteNumber("errors", stats.Errors);
            writer.WriteNumber("throttles", stats.Throttles);
            writer.WriteNumber("timeouts", stats.Timeouts);
            writer.WriteNumber("coldStarts", stats.ColdStarts);
            WriteMilliseconds(writer, "p50Ms", stats.P50);
            WriteMilliseconds(writer, "p99Ms", stats.P99);
            WriteMilliseconds(writer, "initP50Ms", stats.InitP50);
            writer.WriteNumber("instances", host.InstanceProcessIds.Count);
            writer.WriteNumber("asyncPending", _platform.AsyncInvokers.TryGetValue(function.Name, out var invoker) ? invoker.Pending : 0);
            writer.WriteNumber("memoryMb", function.MemorySize);
            writer.WriteNumber("timeoutSeconds", function.TimeoutSeconds);
            if (host.Spec.ReservedConcurrency is { } reserved)
            {
                writer.WriteNumber("reservedConcurrency", reserved);
            }

            WriteBuild(writer, function.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Watch mode's latest build of the function, when it was rebuilt: <c>{ state, at, durationMs, errors }</c>.</summary>
    private void WriteBuild(Utf8JsonWriter writer, string function)
    {
        if (_platform.Watcher?.Status.GetValueOrDefault(function) is not { } build)
        {
            return;
        }

        writer.WriteStartObject("build");
        writer.WriteString("state", build.State switch
        {
            Runner.Watch.BuildState.Building => "building",
            Runner.Watch.BuildState.Ok => "ok",
            _ => "failed",
        });
        writer.WriteString("at", build.At);
        WriteMilliseconds(writer, "durationMs", build.Duration);
        writer.WriteStartArray("errors");
        foreach (var line in build.Errors)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMilliseconds(Utf8JsonWriter writer, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            writer.WriteNumber(name, Math.Round(duration.TotalMilliseconds, 1));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private void WriteQueues(Utf8JsonWriter writer)
    {
        var deadLetters = _platform.DeadLetters.List().ToDictionary(queue => queue.Name, StringComparer.Ordinal);
        writer.WriteStartArray();
        foreach (var name in _platform.Queues.ListQueues())
        {
            var depth = _platform.Queues.GetDepth(name);
            var counters = _platform.Queues.GetCounters(name);
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("kind", deadLetters.ContainsKey(name) ? "dead-letter" : "queue");
            writer.WriteNumber("visible", depth.Visible);
            writer.WriteNumber("inFlight", depth.InFlight);
            writer.WriteNumber("delayed", depth.Delayed);
            writer.WriteNumber("sent", counters.Sent);
            writer.WriteNumber("received", counters.Received);
            writer.WriteNumber("deleted", counters.Deleted);
            writer.WriteNumber("deadLettered", counters.DeadLettered);
            if (deadLetters.TryGetValue(name, out var deadLetter))
            {
                writer.WriteString("deadLetterKind", deadLetter.Kind.ToString());
                writer.WriteString("source", deadLetter.Source);
                writer.WriteStartArray("messages");
                foreach (var message in deadLetter.Messages.Take(20))
                {
                    writer.WriteStartObject();
                    writer.WriteString("messageId", message.MessageId);
                    writer.WriteString("sentAt", message.SentAt);
                    writer.WriteString("reason", message.Reason);
                    writer.WriteString("body", message.Body.Length > 2000 ? message.Body[..2000] + "…" : message.Body);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteOutbox(Utf8JsonWriter writer, IReadOnlyList<OutboxMessage> messages, int limit)
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", messages.Count);
        writer.WriteStartArray("messages");
        foreach (var message in messages.Reverse().Take(limit))
        {
            WriteMail(writer, message);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMail(Utf8JsonWriter writer, OutboxMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteString("timestamp", message.Timestamp);
        writer.WriteString("from", message.From);
        writer.WriteStartArray("to");
        foreach (var to in message.To)
        {
            writer.WriteStringValue(to);
        }

        writer.WriteEndArray();
        writer.WriteString("subject", message.Subject);
        writer.WriteString("text", message.Text);
        writer.WriteBoolean("hasHtml", message.Html is not null);
        writer.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter writer, IEnumerable<MatchedEvent> events)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        foreach (var matched in events)
        {
            AdminApi.WriteEvent(writer, matched);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteArchitecture(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("nodes");
        foreach (var node in _architecture.Nodes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", node.Id);
            writer.WriteString("kind", node.Kind);
            writer.WriteString("label", node.Label);
            writer.WriteString("detail", node.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("edges");
        foreach (var edge in _architecture.Edges)
        {
            writer.WriteStartObject();
            writer.WriteString("id", edge.Id);
            writer.WriteString("kind", edge.Kind);
            writer.WriteString("from", edge.From);
            writer.WriteString("to", edge.To);
            writer.WriteString("countLabel", edge.CountLabel);
            writer.WriteString("failedLabel", edge.FailedLabel);
            WriteTraffic(writer, Architecture.Traffic(edge, _platform.Traffic));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTraffic(Utf8JsonWriter writer, EdgeCount? traffic)
    {
        if (traffic is { } counted)
        {
            writer.WriteNumber("count", counted.Count);
            writer.WriteNumber("failed", counted.Failed);
        }
        else
        {
            writer.WriteNull("count");
            writer.WriteNull("failed");
        }
    }

    private async Task OrderActivityAsync(HttpContext context, string orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > MaxOrderIdLength)
        {
            throw new PageApiException("orderId", $"orderId must be 1 to {MaxOrderIdLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        var events = _platform.Bus.Recent.Where(e => e.EventJson.Contains(orderId, StringComparison.Ordinal)).ToList();
        var mails = _platform.Outbox.List().Where(m => Mentions(m, orderId)).ToList();
        await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("orderId", orderId);
            writer.WriteStartArray("events");
            foreach (var matched in events)
            {
                AdminApi.WriteEvent(writer, matched);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("mails");
            foreach (var mail in mails)
            {
                WriteMail(writer, mail);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private async Task TraceAsync(HttpContext context, string key)
    {
        if (!Platform.Local.Gateway.TraceHeader.IsTraceId(key) && Platform.Local.Gateway.TraceHeader.Root(key) is null
            && (key.Length is 0 or > MaxOrderIdLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new PageApiException("traceIdOrOrderId", $"'{key}' is neither a trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx) nor an order id.");
        }

        var trace = _platform.Traces.Find(key)
            ?? throw new PageApiException(null, $"No trace of '{key}' is known: the runner keeps the {TraceStore.DefaultCapacity.ToString(CultureInfo.InvariantCulture)} most recently active traces since it started.", StatusCodes.Status404NotFound);
        await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteTrace(writer, trace));
    }

    private static void WriteTrace(Utf8JsonWriter writer, TraceView trace)
    {
        var start = trace.Spans.Count == 0 ? DateTimeOffset.MinValue : trace.Spans[0].Start;
        var end = trace.Spans.Count == 0 ? start : trace.Spans.Max(span => span.Start + span.Duration);
        writer.WriteStartObject();
        writer.WriteString("traceId", trace.TraceId);
        writer.WriteStartArray("orderIds");
        foreach (var orderId in trace.OrderIds)
        {
            writer.WriteStringValue(orderId);
        }

        writer.WriteEndArray();
        writer.WriteString("start", start);
        writer.WriteNumber("durationMs", Math.Round((end - start).TotalMilliseconds, 1));
        writer.WriteStartArray("spans");
        foreach (var span in trace.Spans)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", span.Kind);
            writer.WriteString("name", span.Name);
            writer.WriteString("start", span.Start);
            writer.WriteNumber("offsetMs", Math.Round((span.Start - start).TotalMilliseconds, 1));
            writer.WriteNumber("durationMs", Math.Round(span.Duration.TotalMilliseconds, 1));
            writer.WriteString("outcome", span.Outcome);
            writer.WriteString("detail", span.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static bool Mentions(OutboxMessage mail, string text) =>
        mail.Subject.Contains(text, StringComparison.Ordinal)
        || (mail.Text?.Contains(text, StringComparison.Ordinal) ?? false)
        || (mail.Html?.Contains(text, StringComparison.Ordinal) ?? false);

    private async Task InvokeRouteAsync(HttpContext context)
    {
        using var input = await ReadJsonAsync(context, bodyRequired: true);
        var root = input!.RootElement;
        var method = RequiredString(root, "method").ToUpperInvariant();
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            throw new PageApiException("method", $"method must be one of {string.Join(", ", Methods)}; it is '{method}'.");
        }

        var path = RequiredString(root, "path");
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal)
            || !Uri.TryCreate(_platform.GatewayUrl, path, out var target) || target.Authority != _platform.GatewayUrl.Authority)
        {
            throw new PageApiException("path", $"path must be a path on the HTTP API starting with one '/', such as /orders/ord_123; it is '{path}'.");
        }

        if (path.StartsWith(AdminApi.Prefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new PageApiException("path", $"path must be one of the platform's routes, not the runner's own {AdminApi.Prefix}.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (root.TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ValueKind == JsonValueKind.String ? body.GetString()! : body.GetRawText()));
        }

        if (root.TryGetProperty("headers", out var headers) && headers.ValueKind != JsonValueKind.Null)
        {
            AddHeaders(request, headers);
        }

        var stopwatch = Stopwatch.StartNew();
        var (status, responseHeaders, responseBody) = await SendToGatewayAsync(request, context.RequestAborted);
        stopwatch.Stop();
        await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WriteString("path", path);
            writer.WriteNumber("status", status);
            writer.WriteNumber("durationMs", Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1));
            writer.WriteStartObject("headers");
            foreach (var (name, value) in responseHeaders)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteString("body", responseBody);
            writer.WriteEndObject();
        });
    }

    private async Task<(int Status, List<(string Name, string Value)> Headers, string Body)> SendToGatewayAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _gateway.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Select(header => (header.Key.ToLowerInvariant(), string.Join(", ", header.Value)))
                .ToList();
            return ((int)response.StatusCode, headers, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PageApiException(null, "The gateway did not answer: " + ex.Message, StatusCodes.Status502BadGateway);
        }
    }

    private static void AddHeaders(HttpRequestMessage request, JsonElement headers)
    {
        if (headers.ValueKind != JsonValueKind.Object)
        {
            throw new PageApiException("headers", "headers must be an object of header names to string values.");
        }

        foreach (var header in headers.EnumerateObject())
        {
            var field = "headers." + header.Name;
            if (header.Value.ValueKind != JsonValueKind.String)
            {
                throw new PageApiException(field, $"The value of header {header.Name} must be a string.");
            }

            if (ForbiddenHeaders.Contains(header.Name))
            {
                throw new PageApiException(field, $"The header {header.Name} is set by the runner; leave it out.");
            }

            var value = header.Value.GetString()!;
            bool added;
            try
            {
                added = header.Name.StartsWith("content-", StringComparison.OrdinalIgnoreCase)
                    ? (request.Content ??= new ByteArrayContent([])).Headers.TryAddWithoutValidation(header.Name, value)
                    : request.Headers.TryAddWithoutValidation(header.Name, value);
            }
            catch (FormatException)
            {
                added = false;
            }

            if (!added || value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                throw new PageApiException(field, $"'{header.Name}' is not a header name, or its value is not a header value.");
            }
        }
    }

    private async Task PutEventAsync(HttpContext context)
    {
        using var input = await ReadJsonAsync(context, bodyRequired: true);
        var root = input!.RootElement;
        var source = RequiredString(root, "source");
        var detailType = RequiredString(root, "detailType");
        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind == JsonValueKind.Null)
        {
            throw new PageApiException("detail", "detail is required: a JSON object, or a string holding one.");
        }

        var detailJson = detail.ValueKind == JsonValueKind.String ? detail.GetString()! : detail.GetRawText();
        if (!IsJsonObject(detailJson))
        {
            throw new PageApiException("detail", "detail must be a JSON object (EventBridge refuses any other detail).");
        }

        MatchedEvent matched;
        try
        {
            matched = _platform.Bus.PutEvent(LocalPlatform.BusName, source, detailType, detailJson);
        }
        catch (ArgumentException refused)
        {
            var field = refused.ParamName switch
            {
                "source" => "source",
                "detailType" => "detailType",
                _ => "detail",
            };
            throw new PageApiException(field, refused.Message);
        }

        await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer => AdminApi.WriteEvent(writer, matched));
    }

    private async Task FireScheduleAsync(HttpContext context, string name)
    {
        // Read only to insist on the JSON content type (see the class remarks); the body may be empty.
        (await ReadJsonAsync(context, bodyRequired: false))?.Dispose();

        var function = _platform.Model.Functions.FirstOrDefault(f => f.Triggers.OfType<ScheduleTrigger>().Any(s => s.RuleName == name));
        if (function is null)
        {
            throw new PageApiException("name", $"'{name}' is not a schedule of this platform.", StatusCodes.Status404NotFound);
        }

        var fired = await _platform.Scheduler.FireNowAsync(name, context.RequestAborted);
        await AdminApi.WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("schedule", name);
            writer.WriteString("function", function.Name);
            writer.WriteString("eventId", fired.Id);
            writer.WriteString("time", fired.Time);
            writer.WriteEndObject();
        });
    }

    /// <summary>The request's JSON object; null for an empty body when none is required.</summary>
    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context, bool bodyRequired)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.MediaType != "application/json")
        {
            throw new PageApiException(null, "The runner's controls take Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                throw new PageApiException(null, "The request body is over 1 MiB.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 && !bodyRequired)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException ex)
        {
            throw new PageApiException(null, "The request body is not valid JSON: " + ex.Message);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new PageApiException(null, "The request body must be a JSON object.");
        }

        return document;
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new PageApiException(name, $"{name} is required and must be a non-empty string.");

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An error answer of the page's API: the status, and <see cref="Field"/> naming the input that is wrong when one is.</summary>
    private sealed class PageApiException(string? wrongField, string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
    {
        public string? Field => wrongField;

        public int StatusCode => statusCode;
    }
}
