namespace Platform.Local.Lambda;

/// <summary>How a function is invoked, as Lambda's Invoke API InvocationType.</summary>
public enum InvocationType
{
    /// <summary>Synchronous (RequestResponse): throttled when every instance is busy, 6 MB payloads.</summary>
    RequestResponse,

    /// <summary>Asynchronous (Event): waits for an instance, 1 MB payloads.</summary>
    Event,
}

/// <summary>Per-invocation values passed to the function through the Runtime API headers.</summary>
public sealed record InvocationOptions
{
    /// <summary>Synchronous options with no trace id or client context.</summary>
    public static InvocationOptions Synchronous { get; } = new();

    /// <summary>Synchronous or asynchronous.</summary>
    public InvocationType Type { get; init; } = InvocationType.RequestResponse;

    /// <summary>The X-Ray trace header (Lambda-Runtime-Trace-Id); one is generated when null.</summary>
    public string? TraceId { get; init; }

    /// <summary>The client context (Lambda-Runtime-Client-Context), sent as given.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The request id; one is generated when null (async retries keep theirs).</summary>
    public string? RequestId { get; init; }

    /// <summary>A synchronous invocation that waits for a free instance instead of being throttled.</summary>
    /// <remarks>
    /// What Lambda's event source mappings do: an SQS poller invokes synchronously but only when the function has concurrency
    /// to spare, so a busy function delays the batch instead of failing it and raising its receive count.
    /// </remarks>
    public bool WaitForInstance { get; init; }
}
