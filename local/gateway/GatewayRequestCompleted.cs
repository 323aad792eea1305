namespace Platform.Local.Gateway;

/// <summary>A request answered through one of the gateway's routes.</summary>
/// <param name="RouteKey">The route it matched.</param>
/// <param name="RequestId">API Gateway's request id (the <c>apigw-requestid</c> header).</param>
/// <param name="StatusCode">The status code the client got: the function's, or the gateway's own (401, 413, 429, 500, 502, 504…).</param>
public sealed record GatewayRequestCompleted(RouteKey RouteKey, string RequestId, int StatusCode)
{
    /// <summary>The X-Ray trace header the request was given or came with.</summary>
    public string? TraceId { get; init; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>From the request's arrival until the gateway had answered it.</summary>
    public TimeSpan Duration { get; init; }
}
