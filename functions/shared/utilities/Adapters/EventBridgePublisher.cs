using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Utilities.EventBridge;

namespace Platform.Functions.Shared.Utilities.Adapters;

/// <summary>Publishes domain events to an EventBridge bus, carrying the current X-Ray trace header.</summary>
public sealed class EventBridgePublisher(EventBridgeClient client, string busName, Func<string, string?>? getEnv = null) : IEventPublisher
{
    private readonly Func<string, string?> _getEnv = getEnv ?? Environment.GetEnvironmentVariable;

    /// <summary>A publisher on a client built from the environment (region, endpoint, credentials).</summary>
    public static EventBridgePublisher FromEnvironment(string busName) => new(EventBridgeClient.FromEnvironment(), busName);

    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // The runtime sets _X_AMZN_TRACE_ID per invocation; passing it on links the consumers' invocations to this one.
        var traceHeader = _getEnv("_X_AMZN_TRACE_ID");
        foreach (var chunk in events.Chunk(EventBridgeClient.MaxEntriesPerRequest))
        {
            var entries = chunk
                .Select(e => new EventEntry
                {
                    Source = e.Contract.Source,
                    DetailType = e.Contract.DetailType,
                    Detail = e.DetailJson,
                    EventBusName = busName,
                    TraceHeader = string.IsNullOrEmpty(traceHeader) ? null : traceHeader,
                })
                .ToList();
            await client.PutEventsAsync(entries, cancellationToken);
        }
    }
}
