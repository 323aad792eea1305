namespace Platform.Functions.Shared.Utilities.Internal;

internal sealed class PutEventsRequestWire
{
    public required List<PutEventsRequestEntryWire> Entries { get; init; }
}

internal sealed class PutEventsRequestEntryWire
{
    public required string Source { get; init; }

    public required string DetailType { get; init; }

    public required string Detail { get; init; }

    public string? EventBusName { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public string? TraceHeader { get; init; }

    // AWS JSON 1.1 timestamps are epoch seconds, fractional for sub-second precision.
    public double? Time { get; init; }
}

internal sealed class PutEventsResponseWire
{
    public int FailedEntryCount { get; set; }

    public List<PutEventsResultEntryWire>? Entries { get; set; }
}

internal sealed class PutEventsResultEntryWire
{
    public string? EventId { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}
