namespace Platform.Local.Gateway;

/// <summary>The configuration of one <see cref="HttpApiGateway"/>: routes, authorizer, CORS and AWS's limits.</summary>
public sealed class HttpApiGatewayOptions
{
    /// <summary>HTTP API's maximum integration timeout.</summary>
    public static readonly TimeSpan MaxIntegrationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The routes; each route key at most once.</summary>
    public required IReadOnlyList<GatewayRoute> Routes { get; init; }

    /// <summary>The JWT authorizer's key, issuer and audience; required when a route needs a JWT.</summary>
    public LocalJwtIssuer? JwtIssuer { get; init; }

    /// <summary>The CORS configuration; none when null.</summary>
    public CorsConfiguration? Cors { get; init; }

    /// <summary>How long the gateway waits for the integration (HTTP API: at most 30 s).</summary>
    public TimeSpan IntegrationTimeout { get; init; } = MaxIntegrationTimeout;

    /// <summary>HTTP API's request payload quota (10 MB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Lambda's synchronous invocation payload quota (6 MB), applied to the event.</summary>
    public long MaxInvocationPayloadBytes { get; init; } = 6L * 1024 * 1024;

    /// <summary>The account id in requestContext.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The API id in requestContext.</summary>
    public string ApiId { get; init; } = "local";

    /// <summary>The clock for request times and token expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
