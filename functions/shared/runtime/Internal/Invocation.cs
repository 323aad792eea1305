namespace Platform.Functions.Shared.Runtime.Internal;

/// <summary>An event received from GET /runtime/invocation/next.</summary>
internal sealed record Invocation(
    string RequestId,
    DateTimeOffset? Deadline,
    string? InvokedFunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity,
    byte[] Payload);
