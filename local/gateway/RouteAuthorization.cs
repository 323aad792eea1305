namespace Platform.Local.Gateway;

/// <summary>How a route is authorized: open, or a JWT authorizer with the route's authorization scopes.</summary>
public sealed class RouteAuthorization
{
    private RouteAuthorization(bool requiresJwt, IReadOnlyList<string> scopes)
    {
        RequiresJwt = requiresJwt;
        Scopes = scopes;
    }

    /// <summary>A route without an authorizer.</summary>
    public static RouteAuthorization None { get; } = new(false, []);

    /// <summary>Whether the route needs a valid JWT.</summary>
    public bool RequiresJwt { get; }

    /// <summary>The route's authorization scopes; a token must carry at least one of them, as on API Gateway.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>A route behind the JWT authorizer, with optional authorization scopes.</summary>
    public static RouteAuthorization Jwt(params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return new RouteAuthorization(true, [.. scopes]);
    }
}
