namespace Platform.Local.Gateway;

/// <summary>An HTTP API's CORS configuration; when set, the gateway answers preflight requests itself, as API Gateway does.</summary>
public sealed class CorsConfiguration
{
    /// <summary>Allowed origins, or "*".</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Allowed methods, or "*".</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Allowed request headers, or "*".</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Response headers exposed to the browser.</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long a browser may cache the preflight answer; none when null.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Whether credentials are allowed (then "*" origins are not, as on API Gateway).</summary>
    public bool AllowCredentials { get; init; }
}
