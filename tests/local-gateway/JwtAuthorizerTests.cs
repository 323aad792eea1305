using System.Net;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>The JWT authorizer of JWT-protected routes, with tokens from the local development issuer.</summary>
public sealed class JwtAuthorizerTests(JwtKeys keys) : IClassFixture<JwtKeys>
{
    private readonly TempDirectory _state = keys.Primary;
    private readonly FakeTime _time = FakeTime.At("2026-11-25T10:00:00Z");
    private readonly FakeIntegration _function = FakeIntegration.Ok();

    [Fact]
    public async Task HandleAsync_ValidTokenWithScope_InvokesWithClaimsAndScopes()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, "Bearer " + issuer.CreateToken("user-42", ["orders/write", "orders/read"], TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jwt = _function.LastEvent.GetProperty("requestContext").GetProperty("authorizer").GetProperty("jwt");
        Assert.Equal("user-42", jwt.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal(TempDirectory.Issuer, jwt.GetProperty("claims").GetProperty("iss").GetString());
        Assert.Equal(_time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), jwt.GetProperty("claims").GetProperty("exp").GetString());
        Assert.Equal(["orders/write", "orders/read"], jwt.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task HandleAsync_RawTokenWithoutBearer_IsAccepted()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, issuer.CreateToken("user-42", ["orders/write"], TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_ScpArrayClaim_CountsAsScopes()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var token = issuer.CreateToken(w =>
        {
            w.WriteString("iss", TempDirectory.Issuer);
            w.WriteString("sub", "user-42");
            w.WriteStartArray("aud");
            w.WriteStringValue("another-api");
            w.WriteStringValue(TempDirectory.Audience);
            w.WriteEndArray();
            w.WriteNumber("exp", now + 60);
            w.WriteStartArray("scp");
            w.WriteStringValue("orders/write");
            w.WriteEndArray();
        });

        using var response = await SendAsync(server, "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_MissingToken_Returns401WithWwwAuthenticate()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, authorization: null);

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task HandleAsync_ExpiredToken_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);
        var token = issuer.CreateToken("user-42", ["orders/write"], TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));

        using var response = await SendAsync(server, "Bearer " + token);

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_TokenNotYetValid_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);
        var token = issuer.CreateToken("user-42", ["orders/write"], TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(-1));

        using var response = await SendAsync(server, "Bearer " + token);

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task HandleAsync_WrongAudience_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        using var otherAudience = _state.IssuerFor(audience: "someone-else", time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, "Bearer " + otherAudience.CreateToken("user-42", ["orders/write"], TimeSpan.FromHours(1)));

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("audience", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WrongIssuer_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        using var otherIssuer = _state.IssuerFor(issuer: "https://evil.example", time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, "Bearer " + otherIssuer.CreateToken("user-42", ["orders/write"], TimeSpan.FromHours(1)));

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("issuer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_TamperedPayload_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);
        var parts = issuer.CreateToken("user-42", ["orders/read"], TimeSpan.FromHours(1)).Split('.');
        var forged = issuer.CreateToken("admin", ["orders/write"], TimeSpan.FromHours(1)).Split('.');

        using var response = await SendAsync(server, $"Bearer {parts[0]}.{forged[1]}.{parts[2]}");

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("signature", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_TokenSignedByAnotherKey_Returns401()
    {
        using var issuer = _state.IssuerFor(time: _time);
        using var stranger = keys.Other.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, "Bearer " + stranger.CreateToken("user-42", ["orders/write"], TimeSpan.FromHours(1)));

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task HandleAsync_MalformedToken_Returns401(string authorization)
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, authorization);

        await AssertRejected(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task HandleAsync_MissingScope_Returns403()
    {
        using var issuer = _state.IssuerFor(time: _time);
        await using var server = await CreateSut(issuer);

        using var response = await SendAsync(server, "Bearer " + issuer.CreateToken("user-42", ["orders/read"], TimeSpan.FromHours(1)));

        await AssertRejected(response, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadOrCreate_SameStateDirectory_TokensSurviveARestart()
    {
        using var fresh = new TempDirectory();
        string token;
        using (var before = fresh.IssuerFor(time: _time))
        {
            token = before.CreateToken("user-42", ["orders/write"], TimeSpan.FromHours(1));
        }

        using var after = fresh.IssuerFor(time: _time);
        await using var server = await CreateSut(after);

        using var response = await SendAsync(server, "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(fresh.Path, LocalJwtIssuer.KeyFileName)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fresh.Path, LocalJwtIssuer.KeyFileName)));
        }
    }

    [Fact]
    public void LoadOrCreate_CorruptKeyFile_ThrowsNamingTheFile()
    {
        using var broken = new TempDirectory();
        File.WriteAllText(Path.Combine(broken.Path, LocalJwtIssuer.KeyFileName), "not a key");

        var exception = Assert.Throws<InvalidOperationException>(() => broken.IssuerFor(time: _time));

        Assert.Contains(LocalJwtIssuer.KeyFileName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_OpenRouteNextToProtectedOne_NeedsNoToken()
    {
        using var issuer = _state.IssuerFor(time: _time);
        var open = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder()
            .Time(_time)
            .Jwt(issuer)
            .Route("POST /orders", _function, RouteAuthorization.Jwt("orders/write"))
            .Route("GET /products", open)
            .StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/products", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<GatewayServer> CreateSut(LocalJwtIssuer issuer) =>
        new GatewayBuilder().Time(_time).Jwt(issuer).Route("POST /orders", _function, RouteAuthorization.Jwt("orders/write", "orders/admin")).StartAsync();

    private static async Task<HttpResponseMessage> SendAsync(GatewayServer server, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task AssertRejected(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal($$"""{"message":"{{message}}"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Empty(_function.Invocations);
    }
}
