namespace Platform.Local.Gateway;

/// <summary>One route of the HTTP API: its key, its Lambda integration and its authorization.</summary>
/// <param name="Key">The route key.</param>
/// <param name="Integration">Invokes the function with the payload format 2.0 event.</param>
/// <param name="Authorization">The route's authorizer; <see cref="RouteAuthorization.None"/> when open.</param>
public sealed record GatewayRoute(
    RouteKey Key,
    Func<GatewayInvocation, CancellationToken, Task<IntegrationResult>> Integration,
    RouteAuthorization Authorization)
{
    /// <summary>An open route.</summary>
    public GatewayRoute(string key, Func<GatewayInvocation, CancellationToken, Task<IntegrationResult>> integration)
        : this(RouteKey.Parse(key), integration, RouteAuthorization.None)
    {
    }
}
