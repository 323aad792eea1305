namespace Platform.Local.Lambda;

/// <summary>How an invocation ended.</summary>
public enum InvocationStatus
{
    /// <summary>The function posted a response.</summary>
    Success,

    /// <summary>The function posted an error, failed init or its process exited (X-Amz-Function-Error).</summary>
    FunctionError,

    /// <summary>A synchronous invocation found every allowed instance busy (429 TooManyRequestsException).</summary>
    Throttled,

    /// <summary>The function ran past its timeout and its instance was killed.</summary>
    Timeout,

    /// <summary>The request or the response was over Lambda's payload limit (413 RequestTooLargeException, or Function.ResponseSizeTooLarge).</summary>
    PayloadTooLarge,
}

/// <summary>An error as Lambda returns it: the type, the message and the JSON body that carries them.</summary>
/// <param name="ErrorType">The error type, such as <c>Function.Unhandled</c>'s exception name, <c>Runtime.ExitError</c> or <c>Sandbox.Timedout</c>.</param>
/// <param name="ErrorMessage">The error message.</param>
/// <param name="Body">The JSON body: what the function posted, or the one Lambda would build.</param>
public sealed record InvocationError(string ErrorType, string ErrorMessage, ReadOnlyMemory<byte> Body);

/// <summary>The outcome of one invocation.</summary>
public sealed record InvocationResult
{
    /// <summary>How the invocation ended.</summary>
    public required InvocationStatus Status { get; init; }

    /// <summary>The request id the function saw (Lambda-Runtime-Aws-Request-Id).</summary>
    public required string RequestId { get; init; }

    /// <summary>The X-Ray trace header the invocation ran with (Lambda-Runtime-Trace-Id); null when it was refused before one was chosen.</summary>
    public string? TraceId { get; init; }

    /// <summary>The response payload on success; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The error, for every status but <see cref="InvocationStatus.Success"/>.</summary>
    public InvocationError? Error { get; init; }

    /// <summary>From the event's delivery to the function until its response or failure.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Whether this invocation was the first of a freshly started instance.</summary>
    public bool ColdStart { get; init; }

    /// <summary>For a cold start, from the process start to its first request for an event.</summary>
    public TimeSpan? InitDuration { get; init; }

    /// <summary>The process id of the instance that served the invocation, when one did.</summary>
    public int? InstanceProcessId { get; init; }

    /// <summary>Whether the function ran and failed (what Lambda reports as X-Amz-Function-Error: Unhandled).</summary>
    public bool IsFunctionFailure => Status is InvocationStatus.FunctionError or InvocationStatus.Timeout
        || (Status is InvocationStatus.PayloadTooLarge && InstanceProcessId is not null);
}
