using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Local.EventBus.Internal;

namespace Platform.Local.EventBus;

/// <summary>An EventBridge-compatible endpoint (AWS JSON 1.1: PutEvents, TestEventPattern) with rules, targets, retries and dead-letter queues.</summary>
/// <remarks>
/// PutEvents answers once events are matched; deliveries run in the background. Dispose the endpoint to cancel
/// deliveries still waiting to retry. As on AWS, an entry for a bus that does not exist gets an EventId and matches
/// no rule (it still shows in <see cref="Recent"/>).
/// </remarks>
public sealed class EventBusEndpoint : IAsyncDisposable
{
    private const string TargetPrefix = "AWSEvents.";
    private const int MaxEntries = 10;

    private static readonly string[] RequiredEventFields = ["id", "account", "source", "time", "region", "resources", "detail-type"];

    private readonly EventBusOptions _options;
    private readonly Lock _rulesLock = new();
    private readonly Dictionary<string, RuleIndex> _buses = new(StringComparer.Ordinal);
    private readonly RecentEvents _recent;
    private readonly TargetDelivery _delivery;
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _ruleCount;

    public EventBusEndpoint(EventBusOptions? options = null)
    {
        _options = options ?? new EventBusOptions();
        _recent = new RecentEvents(_options.RecentCapacity);
        _delivery = new TargetDelivery(_options);
        _delivery.Exhausted += (_, message) => DeliveryExhausted?.Invoke(this, message);
        _buses["default"] = new RuleIndex();
    }

    /// <summary>Raised for every event the bus accepts, with the rules it matched (possibly none).</summary>
    public event EventHandler<MatchedEvent>? EventMatched;

    /// <summary>Raised when an event could not be delivered to a target after its retries (whether or not a dead-letter queue took it).</summary>
    public event EventHandler<DeadLetterMessage>? DeliveryExhausted;

    /// <summary>The latest accepted events, oldest first, bounded by <see cref="EventBusOptions.RecentCapacity"/>.</summary>
    public IReadOnlyList<MatchedEvent> Recent => _recent.Snapshot();

    /// <summary>Adds a target to a rule, creating the rule (and its bus) on first use.</summary>
    /// <returns>The rule's ARN.</returns>
    /// <exception cref="InvalidEventPatternException">The pattern is not valid.</exception>
    public string AddRule(string busName, string ruleName, string patternJson, IEventTarget target, RetryPolicy? retryPolicy = null, IDeadLetterSink? deadLetterSink = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(busName);
        ArgumentException.ThrowIfNullOrEmpty(ruleName);
        ArgumentNullException.ThrowIfNull(target);
        var pattern = EventPattern.Parse(patternJson);
        lock (_rulesLock)
        {
            if (!_buses.TryGetValue(busName, out var index))
            {
                _buses[busName] = index = new RuleIndex();
            }

            if (!index.TryGet(ruleName, out var rule))
            {
                rule = new Rule(busName, ruleName, RuleArn(busName, ruleName), pattern, _ruleCount++);
                index.Add(rule);
            }
            else if (!string.Equals(rule.Pattern.Json, patternJson, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Rule {ruleName} on bus {busName} already has a different pattern.", nameof(patternJson));
            }

            rule.Targets.Add(new RuleTarget(target, retryPolicy ?? RetryPolicy.Default, deadLetterSink));
            return rule.Arn;
        }
    }

    /// <summary>The ARN EventBridge gives a rule: <c>rule/name</c> on the default bus, <c>rule/bus/name</c> on a custom one.</summary>
    public string RuleArn(string busName, string ruleName) =>
        $"arn:aws:events:{_options.Region}:{_options.Account}:rule/" + (busName == "default" ? ruleName : busName + "/" + ruleName);

    /// <summary>Serves one request: POST / with <c>X-Amz-Target: AWSEvents.PutEvents</c> or <c>AWSEvents.TestEventPattern</c>.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var operation = context.Request.Headers["X-Amz-Target"].ToString();
            if (!HttpMethods.IsPost(context.Request.Method) || !operation.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw new AwsError("UnknownOperationException", "The operation is not supported: " + (operation.Length == 0 ? "(no X-Amz-Target)" : operation));
            }

            using var body = await ReadBodyAsync(context);
            switch (operation[TargetPrefix.Length..])
            {
                case "PutEvents":
                    await PutEventsAsync(context, body.RootElement);
                    break;
                case "TestEventPattern":
                    await TestEventPatternAsync(context, body.RootElement);
                    break;
                default:
                    throw new AwsError("UnknownOperationException", "The operation is not supported: " + operation);
            }
        }
        catch (AwsError error)
        {
            await AwsJson.WriteErrorAsync(context, error);
        }
#pragma warning disable CA1031 // The caller is an AWS client: it gets AWS's error shape, never an HTML error page.
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
#pragma warning restore CA1031
        {
            await AwsJson.WriteErrorAsync(context, new AwsError("InternalException", e.Message, 500));
        }
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        try
        {
            var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new AwsError("SerializationException", "The request body must be a JSON object.");
            }

            return document;
        }
        catch (JsonException)
        {
            throw new AwsError("SerializationException", "The request body is not valid JSON.");
        }
    }

    private static async Task TestEventPatternAsync(HttpContext context, JsonElement request)
    {
        var patternJson = RequiredString(request, "EventPattern");
        var eventJson = RequiredString(request, "Event");
        JsonDocument evt;
        try
        {
            evt = JsonDocument.Parse(eventJson);
        }
        catch (JsonException)
        {
            throw AwsError.Validation("Parameter Event is not valid.");
        }

        using (evt)
        {
            if (evt.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw AwsError.Validation("Parameter Event is not valid.");
            }

            // TestEventPattern requires the envelope fields (API reference, TestEventPattern, "Event").
            foreach (var field in RequiredEventFields)
            {
                if (!evt.RootElement.TryGetProperty(field, out _))
                {
                    throw AwsError.Validation($"Parameter Event is not valid. Reason: Provided Event is missing required field: {field}.");
                }
            }

            EventPattern pattern;
            try
            {
                pattern = EventPattern.Parse(patternJson);
            }
            catch (InvalidEventPatternException e)
            {
                throw new AwsError("InvalidEventPatternException", e.Message);
            }

            var result = pattern.Matches(evt.RootElement);
            await AwsJson.WriteAsync(context, 200, writer => writer.WriteBoolean("Result", result));
        }
    }

    private static string RequiredString(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw AwsError.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private async Task PutEventsAsync(HttpContext context, JsonElement request)
    {
        if (!request.TryGetProperty("Entries", out var entriesElement) || entriesElement.ValueKind == JsonValueKind.Null)
        {
            throw AwsError.Validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
        }

        if (entriesElement.ValueKind != JsonValueKind.Array)
        {
            throw new AwsError("SerializationException", "Entries must be a list.");
        }

        var entries = entriesElement.EnumerateArray().Select(PutEventsEntry.Read).ToList();
        if (entries.Count is 0 or > MaxEntries)
        {
            var constraint = entries.Count == 0 ? "greater than or equal to 1" : "less than or equal to " + MaxEntries;
            throw AwsError.Validation($"1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length {constraint}");
        }

        if (entries.Sum(e => e.Size) > PutEventsEntry.MaxRequestEntriesBytes)
        {
            throw AwsError.Validation("Total size of the entries in the request is over the limit.");
        }

        var results = new List<(string? EventId, string? Code, string? Message)>(entries.Count);
        foreach (var entry in entries)
        {
            var (accepted, code, message) = Accept(entry);
            results.Add((accepted?.EventId, code, message));
        }

        await AwsJson.WriteAsync(context, 200, writer =>
        {
            writer.WriteNumber("FailedEntryCount", results.Count(r => r.EventId is null));
            writer.WriteStartArray("Entries");
            foreach (var (eventId, code, message) in results)
            {
                writer.WriteStartObject();
                if (eventId is not null)
                {
                    writer.WriteString("EventId", eventId);
                }
                else
                {
                    writer.WriteString("ErrorCode", code);
                    writer.WriteString("ErrorMessage", message);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>Puts one event on a bus as a PutEvents entry with these fields would, for the runner's own controls.</summary>
    /// <returns>The accepted event with the rules it matched; deliveries run in the background as for PutEvents.</returns>
    /// <exception cref="ArgumentException">EventBridge would refuse the entry (a missing field, a detail that is not a JSON object); the message is its error.</exception>
    public MatchedEvent PutEvent(string busName, string source, string detailType, string detailJson, string? traceHeader = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(busName);
        var entry = PutEventsEntry.Create(busName, source, detailType, detailJson, traceHeader);
        if (entry.Size > PutEventsEntry.MaxRequestEntriesBytes)
        {
            throw new ArgumentException("Total size of the entries in the request is over the limit.", nameof(detailJson));
        }

        var (accepted, code, message) = Accept(entry);
        var parameter = string.IsNullOrEmpty(source) ? nameof(source) : string.IsNullOrEmpty(detailType) ? nameof(detailType) : nameof(detailJson);
        return accepted ?? throw new ArgumentException($"{code}: {message}", parameter);
    }

    private (MatchedEvent? Event, string? Code, string? Message) Accept(PutEventsEntry entry)
    {
        if (entry.Validate(out var detail) is { } error)
        {
            return (null, error.Code, error.Message);
        }

        using (detail!)
        {
            var receivedAt = _options.TimeProvider.GetUtcNow();
            var eventId = Guid.NewGuid().ToString();
            var envelope = EventEnvelope.Build(
                eventId, entry.Source!, entry.DetailType!, _options.Account, entry.Time ?? receivedAt, _options.Region, entry.Resources, detail!.RootElement);
            return (Publish(entry, eventId, envelope, receivedAt), null, null);
        }
    }

    private MatchedEvent Publish(PutEventsEntry entry, string eventId, byte[] envelope, DateTimeOffset receivedAt)
    {
        List<Rule> matched;
        List<(Rule Rule, RuleTarget Target)> deliveries;
        using (var document = JsonDocument.Parse(envelope))
        {
            lock (_rulesLock)
            {
                // As on AWS, an event sent to a bus that does not exist is accepted and matches nothing.
                matched = _buses.TryGetValue(entry.BusName, out var index) ? index.Match(document.RootElement) : [];
                deliveries = [.. matched.SelectMany(rule => rule.Targets.Select(target => (rule, target)))];
            }
        }

        var eventJson = Encoding.UTF8.GetString(envelope);
        var record = new MatchedEvent(eventId, entry.BusName, entry.Source!, entry.DetailType!, receivedAt, eventJson, [.. matched.Select(r => r.Name)], entry.TraceHeader);
        _recent.Add(record);
        EventMatched?.Invoke(this, record);

        foreach (var (rule, target) in deliveries)
        {
            Track(Task.Run(() => _delivery.RunAsync(eventJson, eventId, entry.TraceHeader, rule, target, receivedAt, _shutdown.Token)));
        }

        return record;
    }

    private void Track(Task task)
    {
        _inFlight[task] = true;
        task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every delivery started so far has finished (delivered or dead-lettered).</summary>
    public Task WhenDeliveriesCompleteAsync() => Task.WhenAll(_inFlight.Keys);

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        try
        {
            await WhenDeliveriesCompleteAsync();
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }
}
