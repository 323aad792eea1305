namespace Platform.Functions.Shared.Utilities.EventBridge;

/// <summary>One event to publish with PutEvents.</summary>
public sealed record EventEntry
{
    /// <summary>The event's source, e.g. <c>platform.orders</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The event's detail-type, e.g. <c>Order Created</c>.</summary>
    public required string DetailType { get; init; }

    /// <summary>The event's detail as a JSON object string.</summary>
    public required string Detail { get; init; }

    /// <summary>The bus name or ARN; the account's default bus when null.</summary>
    public string? EventBusName { get; init; }

    /// <summary>ARNs of the resources the event concerns.</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>An X-Ray trace header to propagate, e.g. from <c>_X_AMZN_TRACE_ID</c>.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>The event's time; EventBridge uses the time of the call when null.</summary>
    public DateTimeOffset? Time { get; init; }
}
