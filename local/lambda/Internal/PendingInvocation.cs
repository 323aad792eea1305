namespace Platform.Local.Lambda.Internal;

/// <summary>An event waiting for, or being handled by, one instance.</summary>
internal sealed class PendingInvocation(string requestId, ReadOnlyMemory<byte> payload, string traceId, string? clientContext)
{
    public string RequestId { get; } = requestId;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public string TraceId { get; } = traceId;

    public string? ClientContext { get; } = clientContext;

    /// <summary>Completes with the delivery timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the runtime receives the event.</summary>
    public TaskCompletionSource<long> Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the runtime posts a response or an error.</summary>
    public TaskCompletionSource<Outcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset Deadline { get; set; }

    /// <summary>What the runtime posted.</summary>
    public sealed record Outcome(InvocationStatus Status, ReadOnlyMemory<byte> Payload, InvocationError? Error);
}
