using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Tests.Runtime.Support;

public sealed class HttpApiRequestBuilder
{
    private readonly Dictionary<string, string> _headers = new() { ["content-type"] = "application/json" };
    private string? _body = """{"sku":"ABC-1","quantity":2}""";
    private bool _isBase64Encoded;

    public HttpApiRequestBuilder WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public HttpApiRequestBuilder WithoutHeader(string name)
    {
        _headers.Remove(name);
        return this;
    }

    public HttpApiRequestBuilder WithBody(string? body, bool isBase64Encoded = false)
    {
        _body = body;
        _isBase64Encoded = isBase64Encoded;
        return this;
    }

    public HttpApiRequest Build() => new()
    {
        Version = "2.0",
        RouteKey = "POST /orders",
        RawPath = "/orders",
        Headers = new Dictionary<string, string>(_headers),
        Body = _body,
        IsBase64Encoded = _isBase64Encoded,
    };
}
