namespace Platform.Local.Gateway;

/// <summary>One call of a route's integration: the payload format 2.0 event as UTF-8 JSON.</summary>
/// <param name="RouteKey">The matched route.</param>
/// <param name="RequestId">API Gateway's request id (also the <c>apigw-requestid</c> response header).</param>
/// <param name="Payload">The payload format 2.0 event, UTF-8 JSON.</param>
public sealed record GatewayInvocation(RouteKey RouteKey, string RequestId, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The request's X-Ray trace header (the event's <c>x-amzn-trace-id</c>), for the invocation's Lambda-Runtime-Trace-Id.</summary>
    public string? TraceId { get; init; }
}
