using System.Net;
using System.Text;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>How a function's answer becomes the HTTP response, and API Gateway's own error responses.</summary>
public sealed class ResponseMappingTests
{
    [Fact]
    public async Task HandleAsync_FullResponse_UsesStatusHeadersCookiesAndBody()
    {
        var function = FakeIntegration.Returning("""
            {
              "statusCode": 201,
              "headers": { "Content-Type": "application/json", "Location": "/orders/o-1", "x-count": 3 },
              "multiValueHeaders": { "x-multi": ["a", "b"] },
              "cookies": ["session=abc; HttpOnly", "theme=dark"],
              "body": "{\"orderId\":\"o-1\"}",
              "isBase64Encoded": false
            }
            """);
        await using var server = await new GatewayBuilder().Route("POST /orders", function).StartAsync();

        using var response = await server.Client.PostAsync(new Uri("/orders", UriKind.Relative), new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/orders/o-1", response.Headers.Location?.OriginalString);
        Assert.Equal("3", response.Headers.GetValues("x-count").Single());
        Assert.Equal(["a", "b"], response.Headers.GetValues("x-multi"));
        Assert.Equal(["session=abc; HttpOnly", "theme=dark"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("""{"orderId":"o-1"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HandleAsync_Base64EncodedResponse_DecodesTheBody()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF };
        var function = FakeIntegration.Returning(
            $$"""{"statusCode":200,"headers":{"content-type":"image/png"},"body":"{{Convert.ToBase64String(bytes)}}","isBase64Encoded":true}""");
        await using var server = await new GatewayBuilder().Route("GET /logo", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/logo", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("\"Hello from Lambda!\"", "Hello from Lambda!")]
    [InlineData("""{"message":"hi"}""", """{"message":"hi"}""")]
    [InlineData("42", "42")]
    [InlineData("[1,2]", "[1,2]")]
    public async Task HandleAsync_SimpleResponse_Returns200JsonWithTheValueAsBody(string functionResponse, string expectedBody)
    {
        var function = FakeIntegration.Returning(functionResponse);
        await using var server = await new GatewayBuilder().Route("GET /hello", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/hello", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expectedBody, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"statusCode":"200","body":"x"}""")]
    [InlineData("""{"statusCode":200,"body":{"not":"a string"}}""")]
    [InlineData("""{"statusCode":200,"body":"%%%","isBase64Encoded":true}""")]
    [InlineData("""{"statusCode":200,"headers":{"x":{"nested":1}}}""")]
    [InlineData("""{"statusCode":200,"cookies":"a=b"}""")]
    [InlineData("""{"statusCode":200,"headers":{"x-bad":"line\nbreak"}}""")]
    [InlineData("""{"statusCode":100}""")]
    public async Task HandleAsync_MalformedResponse_Returns502(string functionResponse)
    {
        var function = FakeIntegration.Returning(functionResponse);
        await using var server = await new GatewayBuilder().Route("GET /bad", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/bad", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.BadGateway, "Internal Server Error");
    }

    [Fact]
    public async Task HandleAsync_NoContentResponseWithBody_SendsNoBody()
    {
        var function = FakeIntegration.Returning("""{"statusCode":204,"body":"ignored"}""");
        await using var server = await new GatewayBuilder().Route("DELETE /orders/{id}", function).StartAsync();

        using var response = await server.Client.DeleteAsync(new Uri("/orders/o-1", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HandleAsync_FunctionError_Returns500()
    {
        var function = FakeIntegration.Answering(IntegrationResult.FunctionError(Encoding.UTF8.GetBytes("""{"errorType":"Boom","errorMessage":"boom"}""")));
        await using var server = await new GatewayBuilder().Route("GET /fail", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/fail", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.InternalServerError, "Internal Server Error");
    }

    [Fact]
    public async Task HandleAsync_FunctionTimedOut_Returns500()
    {
        var function = FakeIntegration.Answering(IntegrationResult.Timeout());
        await using var server = await new GatewayBuilder().Route("GET /slow", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/slow", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.InternalServerError, "Internal Server Error");
    }

    [Fact]
    public async Task HandleAsync_Throttled_Returns429()
    {
        var function = FakeIntegration.Answering(IntegrationResult.Throttled());
        await using var server = await new GatewayBuilder().Route("GET /busy", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/busy", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.TooManyRequests, "Too Many Requests");
    }

    [Fact]
    public async Task HandleAsync_IntegrationPastTimeout_Returns504AndCancelsTheIntegration()
    {
        var function = FakeIntegration.Hanging();
        await using var server = await new GatewayBuilder()
            .IntegrationTimeout(TimeSpan.FromMilliseconds(200))
            .Route("GET /hang", function)
            .StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/hang", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.GatewayTimeout, "Service Unavailable");
        Assert.Single(function.Invocations);
    }

    [Fact]
    public void Constructor_IntegrationTimeoutOver30Seconds_Throws()
    {
        var options = new GatewayBuilder().IntegrationTimeout(TimeSpan.FromSeconds(31)).Route("GET /a", FakeIntegration.Ok()).Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpApiGateway(options));
    }

    [Fact]
    public async Task HandleAsync_BodyOver10Megabytes_Returns413WithoutInvoking()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /upload", function).StartAsync();
        using var content = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]);

        using var response = await server.Client.PostAsync(new Uri("/upload", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, "Request Entity Too Large");
        Assert.Empty(function.Invocations);
    }

    [Fact]
    public async Task HandleAsync_EventOverLambdas6Megabytes_Returns413WithoutInvoking()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /upload", function).StartAsync();

        // 5 MB of binary is 6.7 MB once base64-encoded in the event: under HTTP API's quota, over Lambda's.
        using var content = new ByteArrayContent(new byte[5 * 1024 * 1024]);

        using var response = await server.Client.PostAsync(new Uri("/upload", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, "Request Entity Too Large");
        Assert.Empty(function.Invocations);
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($$"""{"message":"{{message}}"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }
}
