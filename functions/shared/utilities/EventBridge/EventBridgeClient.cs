using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Platform.Functions.Shared.Utilities.Internal;

namespace Platform.Functions.Shared.Utilities.EventBridge;

/// <summary>A minimal EventBridge client: PutEvents over AWS JSON 1.1, signed by AWSSDK.Core's SigV4 signer.</summary>
/// <remarks>Create one per process, outside the handler, so connections are reused across invocations.</remarks>
public sealed class EventBridgeClient : IDisposable
{
    /// <summary>The SDK service id; its endpoint override variable is <c>AWS_ENDPOINT_URL_EVENTBRIDGE</c>.</summary>
    public const string ServiceId = "EventBridge";

    /// <summary>The SigV4 signing name of EventBridge.</summary>
    public const string SigningName = "events";

    /// <summary>The host prefix of the public endpoint, <c>events.{region}.amazonaws.com</c>.</summary>
    public const string DefaultHostPrefix = "events";

    /// <summary>The most entries one PutEvents request may carry.</summary>
    public const int MaxEntriesPerRequest = 10;

    /// <summary>The largest total entry size of one request, in bytes, as EventBridge counts it (see <see cref="CalculateEntrySize"/>).</summary>
    // Counting rule: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html ("the total entry size
    // must be less than" the limit). Limit raised from 256 KB to 1 MB on 2026-01-29:
    // https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb/
    public const int MaxRequestEntrySizeBytes = 1024 * 1024;

    private const string JsonContentType = "application/x-amz-json-1.1";
    private const string Target = "AWSEvents.PutEvents";
    private const string Operation = "EventBridge.PutEvents";

    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly bool _ownsHttpClient;

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, which must sign requests for <c>events</c>.</summary>
    public EventBridgeClient(HttpClient httpClient, Uri endpoint)
        : this(httpClient, endpoint, ownsHttpClient: false)
    {
    }

    private EventBridgeClient(HttpClient httpClient, Uri endpoint, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        _httpClient = httpClient;
        _endpoint = endpoint;
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>Creates a client for the region and endpoint from the environment, with the SDK's default credential chain.</summary>
    /// <remarks>
    /// <paramref name="getEnv"/> supplies the region and endpoint variables; credentials always come from the SDK's chain
    /// (environment variables, profile, container, instance metadata), which reads the process environment.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The region is missing or an endpoint variable is malformed.</exception>
    public static EventBridgeClient FromEnvironment(Func<string, string?>? getEnv = null)
    {
        var region = AwsEndpoints.ResolveRegion(getEnv);
        var endpoint = AwsEndpoints.Resolve(ServiceId, DefaultHostPrefix, region, getEnv);
        return Create(SigningHttpClient.DefaultCredentials(), region, endpoint);
    }

    /// <summary>Creates a client with explicit credentials, region and endpoint, owning one signing <see cref="HttpClient"/>.</summary>
    public static EventBridgeClient Create(AWSCredentials credentials, string region, Uri endpoint) =>
        new(SigningHttpClient.Create(credentials, region, SigningName), endpoint, ownsHttpClient: true);

    /// <summary>Returns an entry's size as EventBridge counts it: 14 bytes for Time, plus the UTF-8 bytes of Source, DetailType, Detail and each resource.</summary>
    public static int CalculateEntrySize(EventEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = entry.Time is null ? 0 : 14;
        size += Encoding.UTF8.GetByteCount(entry.Source ?? string.Empty);
        size += Encoding.UTF8.GetByteCount(entry.DetailType ?? string.Empty);
        size += Encoding.UTF8.GetByteCount(entry.Detail ?? string.Empty);
        foreach (var resource in entry.Resources ?? [])
        {
            size += Encoding.UTF8.GetByteCount(resource ?? string.Empty);
        }

        return size;
    }

    /// <summary>Publishes the entries; returns their event ids, or throws if any entry was rejected.</summary>
    /// <exception cref="ArgumentException">The entries break a PutEvents limit; nothing was sent.</exception>
    /// <exception cref="AwsServiceException">EventBridge answered with an error status.</exception>
    /// <exception cref="PutEventsFailedException">EventBridge rejected one or more entries (<c>FailedEntryCount</c> &gt; 0).</exception>
    public async Task<PutEventsResult> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken)
    {
        Validate(entries);

        var body = JsonSerializer.SerializeToUtf8Bytes(ToWire(entries), AwsJsonContext.Default.PutEventsRequestWire);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        request.Headers.Add("X-Amz-Target", Target);

        using var response = await _httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await AwsErrors.ReadAsync(response, Operation, redact: null, cancellationToken);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            var result = await JsonSerializer.DeserializeAsync(stream, AwsJsonContext.Default.PutEventsResponseWire, cancellationToken)
                ?? throw new AwsServiceException($"{Operation} returned an empty response.");
            return ToResult(entries, result);
        }
    }

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static void Validate(IReadOnlyList<EventEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > MaxEntriesPerRequest)
        {
            throw new ArgumentException(
                $"PutEvents takes 1 to {MaxEntriesPerRequest} entries; got {entries.Count}.", nameof(entries));
        }

        var totalSize = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            RequireText(entry.Source, i, nameof(EventEntry.Source));
            RequireText(entry.DetailType, i, nameof(EventEntry.DetailType));
            RequireText(entry.Detail, i, nameof(EventEntry.Detail));
            if (entry.Resources?.Any(string.IsNullOrWhiteSpace) == true)
            {
                throw new ArgumentException($"Entry {i} has an empty resource.", nameof(entries));
            }

            totalSize += CalculateEntrySize(entry);
        }

        if (totalSize > MaxRequestEntrySizeBytes)
        {
            throw new ArgumentException(
                $"The entries total {totalSize} bytes as EventBridge counts them; one PutEvents request allows {MaxRequestEntrySizeBytes}.",
                nameof(entries));
        }

        static void RequireText(string value, int index, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Entry {index} has no {name}.", nameof(entries));
            }
        }
    }

    private static PutEventsRequestWire ToWire(IReadOnlyList<EventEntry> entries) => new()
    {
        Entries = [.. entries.Select(e => new PutEventsRequestEntryWire
        {
            Source = e.Source,
            DetailType = e.DetailType,
            Detail = e.Detail,
            EventBusName = e.EventBusName,
            Resources = e.Resources is { Count: > 0 } resources ? resources : null,
            TraceHeader = e.TraceHeader,
            Time = e.Time?.ToUnixTimeMilliseconds() / 1000.0,
        })],
    };

    private static PutEventsResult ToResult(IReadOnlyList<EventEntry> entries, PutEventsResponseWire response)
    {
        var results = response.Entries ?? [];
        var failures = new List<PutEventsEntryFailure>();
        for (var i = 0; i < entries.Count; i++)
        {
            var result = i < results.Count ? results[i] : null;
            if (result?.ErrorCode is not null || (result?.EventId is null && response.FailedEntryCount > 0))
            {
                failures.Add(new PutEventsEntryFailure(
                    i, entries[i].Source, entries[i].DetailType, result?.ErrorCode ?? "Unknown", result?.ErrorMessage));
            }
        }

        if (response.FailedEntryCount > 0 || failures.Count > 0)
        {
            throw new PutEventsFailedException(entries.Count, failures);
        }

        if (results.Count != entries.Count || results.Any(r => string.IsNullOrEmpty(r.EventId)))
        {
            throw new AwsServiceException(
                $"{Operation} returned {results.Count} result entries with ids for {entries.Count} request entries.");
        }

        return new PutEventsResult([.. results.Select(r => r.EventId!)]);
    }
}
