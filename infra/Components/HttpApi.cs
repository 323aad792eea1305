using System.Globalization;
using Platform.Infra.Aws;
using Platform.Infra.Aws.ApiGatewayV2;
using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Aws.Lambda;
using Platform.Infra.Core;
using Platform.Infra.Definition;

namespace Platform.Infra.Components;

public sealed record HttpApiArgs
{
    public required IReadOnlyList<Input<string>> CorsOrigins { get; init; }
    public required Input<string> JwtIssuer { get; init; }
    public required Input<string> JwtAudience { get; init; }
    public required int ThrottlingBurstLimit { get; init; }
    public required int ThrottlingRateLimit { get; init; }
    public required int LogRetentionDays { get; init; }
    public required int Api5xxThreshold { get; init; }
    public required AlarmTargets Alarms { get; init; }
}

/// <summary>The HTTP API: a <c>$default</c> stage with JSON access logs and throttling, CORS, a JWT authorizer, and a 5xx alarm.</summary>
public sealed class HttpApi
{
    private readonly Authorizer authorizer;
    private readonly Dictionary<string, Integration> integrations = new(StringComparer.Ordinal);

    public HttpApi(string name, HttpApiArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Api = new Api(name, new ApiArgs
        {
            Description = "The order platform's HTTP API.",
            CorsConfiguration = new ApiCorsConfigurationArgs
            {
                AllowOrigins = args.CorsOrigins,
                AllowMethods = ["GET", "PATCH", "POST", "PUT"],
                AllowHeaders = ["authorization", "content-type", "idempotency-key"],
            },
        });

        var accessLogs = new LogGroup($"{name}-access-logs", new LogGroupArgs { RetentionInDays = args.LogRetentionDays });
        _ = new Stage($"{name}-stage", new StageArgs
        {
            ApiId = Api.Id,
            AccessLogSettings = new StageAccessLogSettingsArgs
            {
                DestinationArn = accessLogs.Arn,
                Format = new JsonValue(new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["requestId"] = "$context.requestId",
                    ["requestTime"] = "$context.requestTimeEpoch",
                    ["routeKey"] = "$context.routeKey",
                    ["status"] = "$context.status",
                    ["responseLength"] = "$context.responseLength",
                    ["integrationLatency"] = "$context.integrationLatency",
                    ["integrationError"] = "$context.integrationErrorMessage",
                    ["authorizerError"] = "$context.authorizer.error",
                    ["sourceIp"] = "$context.identity.sourceIp",
                }),
            },
            DefaultRouteSettings = new StageDefaultRouteSettingsArgs
            {
                ThrottlingBurstLimit = args.ThrottlingBurstLimit,
                ThrottlingRateLimit = args.ThrottlingRateLimit,
            },
        });

        authorizer = new Authorizer($"{name}-authorizer", new AuthorizerArgs
        {
            ApiId = Api.Id,
            Name = "jwt",
            IdentitySources = ["$request.header.Authorization"],
            JwtConfiguration = new AuthorizerJwtConfigurationArgs { Issuer = args.JwtIssuer, Audiences = [args.JwtAudience] },
        });

        _ = new MetricAlarm($"{name}-5xx-alarm", new MetricAlarmArgs
        {
            AlarmDescription = "The HTTP API answered 5xx: a function failed or timed out.",
            Namespace = "AWS/ApiGateway",
            MetricName = "5xx",
            Dimensions = new Dictionary<string, Input<string>> { ["ApiId"] = Api.Id },
            Statistic = "Sum",
            Threshold = args.Api5xxThreshold,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            AlarmActions = [args.Alarms.TopicArn],
            OkActions = [args.Alarms.TopicArn],
        });
    }

    public Api Api { get; }

    /// <summary>Routes <paramref name="route"/> to <paramref name="function"/> (Lambda proxy, payload 2.0) with an invoke permission scoped to this API and route.</summary>
    public void AddRoute(string functionName, Function function, HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(route);
        if (!integrations.TryGetValue(functionName, out var integration))
        {
            integration = new Integration($"{functionName}-integration", new IntegrationArgs { ApiId = Api.Id, IntegrationUri = function.InvokeArn });
            integrations.Add(functionName, integration);
        }

        var slug = Slug(route);
        var isPublic = route.Authorization == RouteAuthorization.Public;
        _ = new Route($"route-{slug}", new RouteArgs
        {
            ApiId = Api.Id,
            RouteKey = route.RouteKey,
            Target = Output.Format($"integrations/{integration.Id}"),
            AuthorizationType = isPublic ? "NONE" : "JWT",
            AuthorizerId = isPublic ? null : Input.FromOutput(authorizer.Id),
        });

        // Path parameters become '*' in the execute-api ARN; stage is '*' so the permission survives stage changes.
        var resourcePath = string.Join('/', route.Path.Split('/').Select(segment => segment.StartsWith('{') ? "*" : segment));
        _ = new Permission($"route-{slug}-permission", new PermissionArgs
        {
            Function = function.Name,
            Principal = "apigateway.amazonaws.com",
            SourceArn = Output.Format($"{Api.ExecutionArn}/*/{route.Method}{resourcePath}"),
        });
    }

    private static string Slug(HttpRoute route) =>
        (route.Method + route.Path).ToLower(CultureInfo.InvariantCulture).Replace("{", string.Empty, StringComparison.Ordinal)
            .Replace("}", string.Empty, StringComparison.Ordinal).Replace('/', '-');
}
