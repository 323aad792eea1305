using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Platform.Local.Commands;

/// <summary>The commands that talk to a running runner through its API (<c>/_local/api/</c> on the gateway's port).</summary>
internal sealed class AdminCommands(Uri gateway, TextWriter output) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary><c>events tail</c>: prints the last <paramref name="recent"/> events, then every event as the bus accepts it, until cancelled.</summary>
    public async Task<int> TailEventsAsync(int recent, bool json, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"_local/api/events/stream?recent={recent.ToString(CultureInfo.InvariantCulture)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await output.WriteLineAsync($"Following events on {gateway} (Ctrl+C stops)…");
        await output.FlushAsync(cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var data = line["data: ".Length..];
                await output.WriteLineAsync(json ? data : FormatEvent(data));
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await output.WriteLineAsync("The runner stopped.");
        return 0;
    }

    /// <summary>One line per event: time, source, detail type, id, and the rules it matched.</summary>
    public static string FormatEvent(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        var rules = root.GetProperty("matchedRules").EnumerateArray().Select(rule => rule.GetString()).ToList();
        var received = root.GetProperty("receivedAt").GetDateTimeOffset();
        var detail = root.GetProperty("event").TryGetProperty("detail", out var d) ? Summarize(d) : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{received.ToLocalTime():HH:mm:ss.fff}  {root.GetProperty("source").GetString()}  {root.GetProperty("detailType").GetString()}  {root.GetProperty("id").GetString()}{detail}\n" +
            $"    → {(rules.Count == 0 ? "matched no rule" : string.Join(", ", rules))}");
    }

    private static string Summarize(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var ids = detail.EnumerateObject()
            .Where(property => property.Value.ValueKind == JsonValueKind.String && property.Name.EndsWith("Id", StringComparison.Ordinal))
            .Select(property => $"{property.Name}={property.Value.GetString()}")
            .Take(3)
            .ToList();
        return ids.Count == 0 ? string.Empty : "  " + string.Join(" ", ids);
    }

    /// <summary><c>dlq list</c>: every dead-letter queue with its messages and why they are there.</summary>
    public async Task<int> ListDeadLettersAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "_local/api/dlq", HttpCompletionOption.ResponseContentRead, cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var total = 0;
        foreach (var queue in document.RootElement.GetProperty("queues").EnumerateArray())
        {
            var messages = queue.GetProperty("messages").EnumerateArray().ToList();
            total += messages.Count;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{queue.GetProperty("name").GetString(),-38} {messages.Count,4} message(s)   from {queue.GetProperty("source").GetString()}"));
            foreach (var message in messages)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    {message.GetProperty("messageId").GetString()}  {message.GetProperty("sentAt").GetDateTimeOffset().ToLocalTime():yyyy-MM-dd HH:mm:ss}  {message.GetProperty("reason").GetString()}"));
            }
        }

        await output.WriteLineAsync(total == 0 ? "Every dead-letter queue is empty." : $"{total} dead letter(s). Redrive with: dotnet run --project local -- dlq redrive <queue> --all");
        return 0;
    }

    /// <summary><c>dlq redrive</c>: sends a queue's messages (all, or those with the given ids) back to where they failed.</summary>
    public async Task<int> RedriveAsync(string queue, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
    {
        var query = string.Join("&", messageIds.Select(id => "id=" + Uri.EscapeDataString(id)));
        using var response = await SendAsync(HttpMethod.Post, $"_local/api/dlq/{Uri.EscapeDataString(queue)}/redrive{(query.Length == 0 ? string.Empty : "?" + query)}", HttpCompletionOption.ResponseContentRead, cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var redriven = document.RootElement.GetProperty("redriven").GetInt32();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Redrove {redriven} message(s) from {queue}."));
        return messageIds.Count > 0 && redriven < messageIds.Count ? 1 : 0;
    }

    /// <summary><c>notify</c>: has the runner deliver the ObjectCreated notification of a stored object again.</summary>
    public async Task<int> NotifyAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string?> { ["key"] = key, ["versionId"] = versionId };
        using var content = new StringContent(JsonSerializer.Serialize(body, CommandJsonContext.Default.DictionaryStringString), System.Text.Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Post, $"_local/api/buckets/{Uri.EscapeDataString(bucket)}/notify", HttpCompletionOption.ResponseContentRead, cancellationToken, content);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var notifications = document.RootElement.GetProperty("notifications").EnumerateArray().ToList();
        if (notifications.Count == 0)
        {
            await output.WriteLineAsync($"No notification configuration of {bucket} matches {key}; nothing was delivered.");
            return 1;
        }

        foreach (var notification in notifications)
        {
            var record = notification.GetProperty("Records")[0];
            var s3 = record.GetProperty("s3");
            var stored = s3.GetProperty("object");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Delivered {record.GetProperty("eventName").GetString()} of {bucket}/{key} again to {s3.GetProperty("configurationId").GetString()}" +
                $" (size {stored.GetProperty("size").GetInt64()}, eTag {stored.GetProperty("eTag").GetString()}," +
                $" versionId {(stored.TryGetProperty("versionId", out var version) ? version.GetString() : "none")}, sequencer {stored.GetProperty("sequencer").GetString()})."));
        }

        return 0;
    }

    /// <summary><c>trace</c>: the steps of one trace (found by its id or an order id), as a timeline with offsets and durations.</summary>
    public async Task<int> TraceAsync(string traceIdOrOrderId, bool json, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "_local/api/traces/" + Uri.EscapeDataString(traceIdOrOrderId), HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        await output.WriteLineAsync(json ? body : FormatTrace(body));
        return 0;
    }

    /// <summary>A heading with the trace id and its orders, then one line per step: offset from the first, duration, kind, name, outcome, detail.</summary>
    public static string FormatTrace(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        var orders = root.GetProperty("orderIds").EnumerateArray().Select(order => order.GetString()).ToList();
        var spans = root.GetProperty("spans").EnumerateArray().ToList();
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Trace {root.GetProperty("traceId").GetString()}{(orders.Count == 0 ? string.Empty : "  order " + string.Join(", ", orders))}  started {root.GetProperty("start").GetDateTimeOffset().ToLocalTime():HH:mm:ss.fff}, {spans.Count} step(s) over {root.GetProperty("durationMs").GetDouble():F0} ms");
        text.AppendLine();
        text.AppendLine("    offset  duration  step");
        foreach (var span in spans)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {"+" + span.GetProperty("offsetMs").GetDouble().ToString("F0", CultureInfo.InvariantCulture) + " ms",9} {span.GetProperty("durationMs").GetDouble().ToString("F0", CultureInfo.InvariantCulture) + " ms",9}  {Indent(span.GetProperty("kind").GetString())}{span.GetProperty("kind").GetString(),-14} {span.GetProperty("name").GetString(),-28} {span.GetProperty("outcome").GetString(),-14} {span.GetProperty("detail").GetString()}");
            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Causes left, effects right: the request, then invocations, then what they emit.</summary>
    private static string Indent(string? kind) => kind switch
    {
        "request" => string.Empty,
        "invocation" => "  ",
        _ => "    ",
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpCompletionOption completion, CancellationToken cancellationToken, HttpContent? content = null)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
            response = await _client.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException)
        {
            throw new CommandFailedException($"No local platform answers on {gateway}: start it with `dotnet run --project local` (or pass the --port it runs on).");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            var message = body;
            try
            {
                using var document = JsonDocument.Parse(body);
                message = document.RootElement.GetProperty("message").GetString() ?? body;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }

            throw new CommandFailedException(message);
        }

        return response;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>The JSON the commands send.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class CommandJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
