using Platform.Infra.Core;

namespace Platform.Infra.Aws.ApiGatewayV2;

public sealed record ApiCorsConfigurationArgs
{
    public required IReadOnlyList<Input<string>> AllowOrigins { get; init; }
    public required IReadOnlyList<string> AllowMethods { get; init; }
    public required IReadOnlyList<string> AllowHeaders { get; init; }
    public int MaxAge { get; init; } = 300;
}

public sealed record ApiArgs : ResourceArgs
{
    public string ProtocolType { get; init; } = "HTTP";
    public string? Description { get; init; }
    public required ApiCorsConfigurationArgs CorsConfiguration { get; init; }
}

/// <summary><c>aws:apigatewayv2:Api</c> (an HTTP API).</summary>
public sealed class Api(string name, ApiArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:apigatewayv2:Api", name, args, options)
{
    public Output<string> ApiEndpoint => Output<string>("apiEndpoint");
    public Output<string> ExecutionArn => Output<string>("executionArn");
}

public sealed record StageAccessLogSettingsArgs
{
    public required Input<string> DestinationArn { get; init; }
    public required JsonValue Format { get; init; }
}

public sealed record StageDefaultRouteSettingsArgs
{
    public required int ThrottlingBurstLimit { get; init; }
    public required double ThrottlingRateLimit { get; init; }
    public bool DetailedMetricsEnabled { get; init; } = true;
}

public sealed record StageArgs : ResourceArgs
{
    public required Input<string> ApiId { get; init; }
    public string Name { get; init; } = "$default";
    public bool AutoDeploy { get; init; } = true;
    public required StageAccessLogSettingsArgs AccessLogSettings { get; init; }
    public required StageDefaultRouteSettingsArgs DefaultRouteSettings { get; init; }
}

/// <summary><c>aws:apigatewayv2:Stage</c>.</summary>
public sealed class Stage(string name, StageArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:apigatewayv2:Stage", name, args, options);

public sealed record AuthorizerJwtConfigurationArgs
{
    public required Input<string> Issuer { get; init; }
    public required IReadOnlyList<Input<string>> Audiences { get; init; }
}

public sealed record AuthorizerArgs : ResourceArgs
{
    public required Input<string> ApiId { get; init; }
    public required string Name { get; init; }
    public string AuthorizerType { get; init; } = "JWT";
    public required IReadOnlyList<string> IdentitySources { get; init; }
    public required AuthorizerJwtConfigurationArgs JwtConfiguration { get; init; }
}

/// <summary><c>aws:apigatewayv2:Authorizer</c>.</summary>
public sealed class Authorizer(string name, AuthorizerArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:apigatewayv2:Authorizer", name, args, options);

public sealed record IntegrationArgs : ResourceArgs
{
    public required Input<string> ApiId { get; init; }
    public string IntegrationType { get; init; } = "AWS_PROXY";
    public string IntegrationMethod { get; init; } = "POST";
    public required Input<string> IntegrationUri { get; init; }
    public string PayloadFormatVersion { get; init; } = "2.0";
    public int TimeoutMilliseconds { get; init; } = 30000;
}

/// <summary><c>aws:apigatewayv2:Integration</c>.</summary>
public sealed class Integration(string name, IntegrationArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:apigatewayv2:Integration", name, args, options);

public sealed record RouteArgs : ResourceArgs
{
    public required Input<string> ApiId { get; init; }
    public required string RouteKey { get; init; }
    public required Input<string> Target { get; init; }
    public required string AuthorizationType { get; init; }
    public Input<string>? AuthorizerId { get; init; }
}

/// <summary><c>aws:apigatewayv2:Route</c>.</summary>
public sealed class Route(string name, RouteArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:apigatewayv2:Route", name, args, options);
