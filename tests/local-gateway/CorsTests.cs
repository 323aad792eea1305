using System.Net;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>HTTP API's CORS: preflight answered by the gateway, CORS headers on actual responses.</summary>
public sealed class CorsTests
{
    private static readonly CorsConfiguration Cors = new()
    {
        AllowOrigins = ["http://localhost:5173"],
        AllowMethods = ["GET", "POST"],
        AllowHeaders = ["authorization", "content-type"],
        ExposeHeaders = ["x-request-id"],
        MaxAge = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public async Task HandleAsync_PreflightFromAllowedOrigin_AnswersWithoutInvoking()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Cors(Cors).Route("POST /orders", function).StartAsync();

        using var response = await server.Client.SendAsync(Preflight("http://localhost:5173"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("authorization,content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Empty(function.Invocations);
    }

    [Fact]
    public async Task HandleAsync_PreflightFromOtherOrigin_AnswersWithoutCorsHeaders()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Cors(Cors).Route("POST /orders", function).StartAsync();

        using var response = await server.Client.SendAsync(Preflight("https://evil.example"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Empty(function.Invocations);
    }

    [Fact]
    public async Task HandleAsync_ActualRequestFromAllowedOrigin_AddsCorsHeadersOverTheFunctions()
    {
        var function = FakeIntegration.Returning("""{"statusCode":200,"headers":{"Access-Control-Allow-Origin":"*"},"body":"ok"}""");
        await using var server = await new GatewayBuilder().Cors(Cors).Route("POST /orders", function).StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") };
        request.Headers.Add("Origin", "http://localhost:5173");

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("x-request-id", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task HandleAsync_OptionsWithoutCorsConfigured_IsRoutedLikeAnyRequest()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /orders", function).StartAsync();

        using var response = await server.Client.SendAsync(Preflight("http://localhost:5173"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/orders");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
