using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>An API Gateway HTTP API request, payload format 2.0.</summary>
public sealed class HttpApiRequest
{
    /// <summary>The payload format version, "2.0".</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>The matched route, for example "POST /orders".</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    /// <summary>The request path.</summary>
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; init; }

    /// <summary>The query string without the leading question mark.</summary>
    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; init; }

    /// <summary>The request cookies, as "name=value" strings.</summary>
    [JsonPropertyName("cookies")]
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>The request headers, names lower-cased by API Gateway; repeated headers are comma-joined.</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The query parameters; repeated parameters are comma-joined.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    /// <summary>The route's path parameters.</summary>
    [JsonPropertyName("pathParameters")]
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    /// <summary>The stage variables.</summary>
    [JsonPropertyName("stageVariables")]
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary>The request body, base64-encoded when <see cref="IsBase64Encoded"/> is true; read it with <c>HttpBody.TryRead</c>.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>Information about the request that API Gateway adds.</summary>
    [JsonPropertyName("requestContext")]
    public HttpApiRequestContext? RequestContext { get; init; }
}

/// <summary>The requestContext of an HTTP API payload 2.0 request.</summary>
public sealed class HttpApiRequestContext
{
    /// <summary>The AWS account that owns the API.</summary>
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    /// <summary>The API id.</summary>
    [JsonPropertyName("apiId")]
    public string? ApiId { get; init; }

    /// <summary>The domain name the request was sent to.</summary>
    [JsonPropertyName("domainName")]
    public string? DomainName { get; init; }

    /// <summary>The first label of the domain name.</summary>
    [JsonPropertyName("domainPrefix")]
    public string? DomainPrefix { get; init; }

    /// <summary>The HTTP details of the request.</summary>
    [JsonPropertyName("http")]
    public HttpApiRequestHttp? Http { get; init; }

    /// <summary>API Gateway's id for the request (not the Lambda request id).</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    /// <summary>The matched route, for example "POST /orders".</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    /// <summary>The stage name.</summary>
    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    /// <summary>The request time as API Gateway formats it, for example "12/Mar/2020:19:03:58 +0000".</summary>
    [JsonPropertyName("time")]
    public string? Time { get; init; }

    /// <summary>The request time in Unix milliseconds.</summary>
    [JsonPropertyName("timeEpoch")]
    public long TimeEpoch { get; init; }

    /// <summary>What the route's authorizer established, when the route has one.</summary>
    [JsonPropertyName("authorizer")]
    public HttpApiAuthorizer? Authorizer { get; init; }
}

/// <summary>The requestContext.http object of an HTTP API payload 2.0 request.</summary>
public sealed class HttpApiRequestHttp
{
    /// <summary>The HTTP method.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>The request path.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>The protocol, for example "HTTP/1.1".</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    /// <summary>The client's IP address.</summary>
    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; init; }

    /// <summary>The client's User-Agent header.</summary>
    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; init; }
}

/// <summary>The requestContext.authorizer object of an HTTP API payload 2.0 request.</summary>
public sealed class HttpApiAuthorizer
{
    /// <summary>The result of a JWT authorizer.</summary>
    [JsonPropertyName("jwt")]
    public HttpApiJwtAuthorizer? Jwt { get; init; }

    /// <summary>The context returned by a Lambda authorizer.</summary>
    [JsonPropertyName("lambda")]
    public JsonElement? Lambda { get; init; }
}

/// <summary>The claims and scopes of a validated JWT.</summary>
public sealed class HttpApiJwtAuthorizer
{
    /// <summary>The token's claims; API Gateway passes every value as a string.</summary>
    [JsonPropertyName("claims")]
    public IReadOnlyDictionary<string, string>? Claims { get; init; }

    /// <summary>The token's scopes.</summary>
    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }
}
