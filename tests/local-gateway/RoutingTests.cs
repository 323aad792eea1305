using System.Net;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>Route selection as HTTP API does it, through real HTTP.</summary>
public sealed class RoutingTests
{
    private static readonly string[] RouteKeys =
    [
        "GET /pets/dog/1",
        "GET /pets/dog/{id}",
        "ANY /pets/dog/{id}",
        "GET /pets/{proxy+}",
        "ANY /{proxy+}",
        "POST /orders",
        "$default",
    ];

    [Theory]
    [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1")]
    [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}")]
    [InlineData("DELETE", "/pets/dog/2", "ANY /pets/dog/{id}")]
    [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}")]
    [InlineData("GET", "/pets/dog/1/toys", "GET /pets/{proxy+}")]
    [InlineData("PUT", "/pets/cat/1", "ANY /{proxy+}")]
    [InlineData("POST", "/orders", "POST /orders")]
    [InlineData("GET", "/orders", "ANY /{proxy+}")]
    [InlineData("GET", "/", "$default")]
    public async Task HandleAsync_OverlappingRoutes_PicksTheMostSpecific(string method, string path, string expectedRoute)
    {
        var builder = new GatewayBuilder();
        var functions = RouteKeys.ToDictionary(k => k, _ => FakeIntegration.Ok());
        foreach (var (key, function) in functions)
        {
            builder.Route(key, function);
        }

        await using var server = await builder.StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var called = Assert.Single(functions, f => f.Value.Invocations.Count > 0);
        Assert.Equal(expectedRoute, called.Key);
        Assert.Equal(expectedRoute, called.Value.LastEvent.GetProperty("routeKey").GetString());
    }

    [Fact]
    public async Task HandleAsync_GreedyRoute_PassesTheRestOfThePathAsProxy()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /files/{proxy+}", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/files/a/b/c.txt", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a/b/c.txt", function.LastEvent.GetProperty("pathParameters").GetProperty("proxy").GetString());
    }

    [Theory]
    [InlineData("GET", "/orders")]
    [InlineData("POST", "/orders/1")]
    [InlineData("GET", "/files")]
    public async Task HandleAsync_NoMatchingRoute_Returns404NotFound(string method, string path)
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder()
            .Route("POST /orders", function)
            .Route("GET /files/{proxy+}", function)
            .StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(response.Headers.Contains("apigw-requestid"));
        Assert.Empty(function.Invocations);
    }

    [Theory]
    [InlineData("get /orders")]
    [InlineData("GET orders")]
    [InlineData("GET /files/{proxy+}/more")]
    [InlineData("GET /users/id{x}")]
    [InlineData("GET")]
    public void Parse_InvalidRouteKey_Throws(string key) => Assert.Throws<FormatException>(() => RouteKey.Parse(key));

    [Fact]
    public void RouteKeys_Routes_ListsThemWithDefaultLast()
    {
        var function = FakeIntegration.Ok();
        var options = new GatewayBuilder().Route("$default", function).Route("POST /orders", function).Route("GET /users/{id}", function).Build();

        var sut = new HttpApiGateway(options);

        Assert.Equal(["POST /orders", "GET /users/{id}", "$default"], sut.RouteKeys.Select(k => k.Value));
    }

    [Fact]
    public void Constructor_DuplicateRouteKey_Throws()
    {
        var function = FakeIntegration.Ok();
        var options = new GatewayBuilder().Route("GET /a", function).Route("GET /a", function).Build();

        Assert.Throws<ArgumentException>(() => new HttpApiGateway(options));
    }

    [Fact]
    public void Constructor_JwtRouteWithoutIssuer_Throws()
    {
        var options = new GatewayBuilder().Route("GET /a", FakeIntegration.Ok(), RouteAuthorization.Jwt()).Build();

        Assert.Throws<ArgumentException>(() => new HttpApiGateway(options));
    }
}
