namespace Platform.Functions.Shared.Utilities.EventBridge;

/// <summary>EventBridge answered PutEvents with 200 but rejected one or more entries.</summary>
/// <remarks>
/// Let it propagate: the trigger's retry policy re-delivers the work, so consumers must tolerate the entries
/// that were accepted being published again.
/// </remarks>
public sealed class PutEventsFailedException : Exception
{
    /// <summary>Creates an exception with a generic message and no failures.</summary>
    public PutEventsFailedException()
        : this("EventBridge rejected one or more PutEvents entries.")
    {
    }

    /// <summary>Creates an exception with the given message and no failures.</summary>
    public PutEventsFailedException(string message)
        : base(message)
    {
        FailedEntries = [];
    }

    /// <summary>Creates an exception with the given message and cause, and no failures.</summary>
    public PutEventsFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        FailedEntries = [];
    }

    /// <summary>Creates an exception listing the rejected entries.</summary>
    public PutEventsFailedException(int entryCount, IReadOnlyList<PutEventsEntryFailure> failedEntries)
        : base(FormatMessage(entryCount, failedEntries))
    {
        EntryCount = entryCount;
        FailedEntries = failedEntries;
    }

    /// <summary>How many entries the request carried.</summary>
    public int EntryCount { get; }

    /// <summary>The rejected entries with AWS's error code and message.</summary>
    public IReadOnlyList<PutEventsEntryFailure> FailedEntries { get; }

    private static string FormatMessage(int entryCount, IReadOnlyList<PutEventsEntryFailure> failedEntries)
    {
        ArgumentNullException.ThrowIfNull(failedEntries);
        var details = failedEntries.Select(f =>
            $"[{f.Index}] {f.Source}/{f.DetailType}: {f.ErrorCode}: {f.ErrorMessage ?? "(no message)"}");
        return $"EventBridge PutEvents rejected {failedEntries.Count} of {entryCount} entries: {string.Join("; ", details)}";
    }
}
