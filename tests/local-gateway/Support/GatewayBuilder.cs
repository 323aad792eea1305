using Platform.Local.Gateway;

namespace Platform.Tests.Local.Gateway.Support;

/// <summary>Builds gateway options from route keys and fake integrations.</summary>
public sealed class GatewayBuilder
{
    private readonly List<GatewayRoute> _routes = [];
    private TimeProvider _time = FakeTime.At("2020-03-12T19:03:58.390Z");
    private LocalJwtIssuer? _issuer;
    private CorsConfiguration? _cors;
    private TimeSpan _timeout = HttpApiGatewayOptions.MaxIntegrationTimeout;

    public GatewayBuilder Route(string key, FakeIntegration integration, RouteAuthorization? authorization = null)
    {
        _routes.Add(new GatewayRoute(RouteKey.Parse(key), integration.InvokeAsync, authorization ?? RouteAuthorization.None));
        return this;
    }

    public GatewayBuilder Time(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public GatewayBuilder Jwt(LocalJwtIssuer issuer)
    {
        _issuer = issuer;
        return this;
    }

    public GatewayBuilder Cors(CorsConfiguration cors)
    {
        _cors = cors;
        return this;
    }

    public GatewayBuilder IntegrationTimeout(TimeSpan timeout)
    {
        _timeout = timeout;
        return this;
    }

    public HttpApiGatewayOptions Build() => new()
    {
        Routes = _routes,
        TimeProvider = _time,
        JwtIssuer = _issuer,
        Cors = _cors,
        IntegrationTimeout = _timeout,
    };

    public Task<GatewayServer> StartAsync() => GatewayServer.StartAsync(Build());
}
