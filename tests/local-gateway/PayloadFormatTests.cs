using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>The payload format 2.0 event the gateway sends, compared with AWS's documented example.</summary>
public sealed class PayloadFormatTests
{
    private static readonly JsonElement AwsExample =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", "aws-http-api-payload-v2.json"))).RootElement;

    [Fact]
    public async Task HandleAsync_AwsDocumentedRequest_SendsTheDocumentedEvent()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("$default", function).StartAsync();

        var response = await server.SendRawAsync(
            """
            POST /my/path?parameter1=value1&parameter1=value2&parameter2=value HTTP/1.1
            Header1: value1
            Header2: value1
            Header2: value2
            Cookie: cookie1; cookie2
            User-Agent: agent
            Content-Type: text/plain
            """,
            "Hello from Lambda");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        var actual = function.LastEvent;
        foreach (var field in new[] { "version", "routeKey", "rawPath", "rawQueryString", "body", "isBase64Encoded" })
        {
            Assert.Equal(AwsExample.GetProperty(field).ToString(), actual.GetProperty(field).ToString());
        }

        Assert.Equal(Strings(AwsExample.GetProperty("cookies")), Strings(actual.GetProperty("cookies")));
        Assert.Equal(Map(AwsExample.GetProperty("queryStringParameters")), Map(actual.GetProperty("queryStringParameters")));
        Assert.Equal("value1", actual.GetProperty("headers").GetProperty("header1").GetString());
        Assert.Equal("value1,value2", actual.GetProperty("headers").GetProperty("header2").GetString());
        Assert.False(actual.GetProperty("headers").TryGetProperty("cookie", out _));
        var http = actual.GetProperty("requestContext").GetProperty("http");
        var awsHttp = AwsExample.GetProperty("requestContext").GetProperty("http");
        foreach (var field in new[] { "method", "path", "protocol", "userAgent" })
        {
            Assert.Equal(awsHttp.GetProperty(field).GetString(), http.GetProperty(field).GetString());
        }

        Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
        var context = actual.GetProperty("requestContext");
        Assert.Equal("$default", context.GetProperty("stage").GetString());
        Assert.Equal("$default", context.GetProperty("routeKey").GetString());
        Assert.Equal(AwsExample.GetProperty("requestContext").GetProperty("time").GetString(), context.GetProperty("time").GetString());
        Assert.Equal(1584039838390, context.GetProperty("timeEpoch").GetInt64());
    }

    [Fact]
    public async Task HandleAsync_EveryField_HasTheShapeOfTheAwsExample()
    {
        using var keys = new TempDirectory();
        using var issuer = keys.IssuerFor();
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder()
            .Jwt(issuer)
            .Route("POST /my/{parameter1}", function, Platform.Local.Gateway.RouteAuthorization.Jwt())
            .StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/my/path?parameter1=value1&parameter2=value")
        {
            Content = new StringContent("Hello from Lambda", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Cookie", "cookie1; cookie2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.CreateToken("user-1", ["scope1", "scope2"], TimeSpan.FromHours(1)));

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ignored = new[] { "$.stageVariables", "$.requestContext.authentication" };
        AssertSameShape(AwsExample, function.LastEvent, "$", ignored);
    }

    [Fact]
    public async Task HandleAsync_RouteWithPathVariables_SendsDecodedPathParametersAndRouteKey()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /users/{id}/orders/{orderId}", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/users/u%201/orders/o-9", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = function.LastEvent;
        Assert.Equal("GET /users/{id}/orders/{orderId}", actual.GetProperty("routeKey").GetString());
        Assert.Equal("/users/u%201/orders/o-9", actual.GetProperty("rawPath").GetString());
        Assert.Equal(new Dictionary<string, string> { ["id"] = "u 1", ["orderId"] = "o-9" }, Map(actual.GetProperty("pathParameters")));
    }

    [Fact]
    public async Task HandleAsync_EncodedPercentInPath_DecodesThePathParameterOnce()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /users/{id}", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/users/a%2520b%2Fc", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a%20b/c", function.LastEvent.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("/users/a%2520b%2Fc", function.LastEvent.GetProperty("rawPath").GetString());
    }

    [Fact]
    public async Task HandleAsync_NoQueryCookiesOrBody_OmitsThoseFields()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /health", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = function.LastEvent;
        Assert.Equal(string.Empty, actual.GetProperty("rawQueryString").GetString());
        foreach (var absent in new[] { "cookies", "queryStringParameters", "pathParameters", "body" })
        {
            Assert.False(actual.TryGetProperty(absent, out _), absent);
        }

        Assert.False(actual.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(actual.GetProperty("requestContext").TryGetProperty("authorizer", out _));
    }

    [Fact]
    public async Task HandleAsync_QueryString_KeepsRawAndDecodesAndJoinsRepeatedParameters()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /search", function).StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/search?q=caf%C3%A9+au+lait&tag=a&tag=b&flag", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = function.LastEvent;
        Assert.Equal("q=caf%C3%A9+au+lait&tag=a&tag=b&flag", actual.GetProperty("rawQueryString").GetString());
        Assert.Equal(
            new Dictionary<string, string> { ["q"] = "café au lait", ["tag"] = "a,b", ["flag"] = string.Empty },
            Map(actual.GetProperty("queryStringParameters")));
    }

    [Theory]
    [InlineData("application/json", false)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("text/csv", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/octet-stream", true)]
    [InlineData("image/png", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    public async Task HandleAsync_BodyContentType_EncodesBinaryBodiesAsBase64(string contentType, bool expectBase64)
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /upload", function).StartAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}");
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await server.Client.PostAsync(new Uri("/upload", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = function.LastEvent;
        Assert.Equal(expectBase64, actual.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(expectBase64 ? Convert.ToBase64String(bytes) : "{\"a\":1}", actual.GetProperty("body").GetString());
    }

    [Fact]
    public async Task HandleAsync_BinaryBody_RoundTripsEveryByte()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("PUT /blob", function).StartAsync();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await server.Client.PutAsync(new Uri("/blob", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, Convert.FromBase64String(function.LastEvent.GetProperty("body").GetString()!));
    }

    [Fact]
    public async Task HandleAsync_AnyRequest_SendsRequestIdMatchingTheResponseHeader()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("GET /a", function).StartAsync();

        using var first = await server.Client.GetAsync(new Uri("/a", UriKind.Relative), TestContext.Current.CancellationToken);
        using var second = await server.Client.GetAsync(new Uri("/a", UriKind.Relative), TestContext.Current.CancellationToken);

        var ids = function.Invocations.Select(i => JsonDocument.Parse(i.Payload).RootElement.GetProperty("requestContext").GetProperty("requestId").GetString()).ToList();
        Assert.Equal(first.Headers.GetValues("apigw-requestid").Single(), ids[0]);
        Assert.Equal(second.Headers.GetValues("apigw-requestid").Single(), ids[1]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(ids[0], function.Invocations[0].RequestId);
        var headers = function.LastEvent.GetProperty("headers");
        Assert.StartsWith("Root=1-", headers.GetProperty("x-amzn-trace-id").GetString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Dictionary<string, string> Map(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>Same property names and JSON kinds at every level; maps of names (headers, claims…) are compared as maps.</summary>
    private static void AssertSameShape(JsonElement expected, JsonElement actual, string path, string[] ignored)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        if (expected.ValueKind != JsonValueKind.Object || path is "$.headers" or "$.queryStringParameters" or "$.pathParameters" or "$.requestContext.authorizer.jwt.claims")
        {
            return;
        }

        var expectedNames = expected.EnumerateObject().Select(p => p.Name).Where(n => !ignored.Contains($"{path}.{n}")).Order().ToList();
        var actualNames = actual.EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(expectedNames, actualNames);
        foreach (var name in expectedNames)
        {
            AssertSameShape(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}", ignored);
        }
    }
}
