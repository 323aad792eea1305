using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.Gateway.Internal;

/// <summary>Writes the HTTP API payload format 2.0 event for one request, field for field as AWS documents it.</summary>
internal static class PayloadV2Writer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // AWS documents only "binary is base64-encoded"; as observed on HTTP API (ministack PR #766), text/* and these
    // pass as text and everything else, even no Content-Type or application/x-www-form-urlencoded, is base64-encoded.
    private static readonly string[] TextMediaTypes = ["application/json", "application/javascript", "application/xml"];

    public static byte[] Write(
        HttpRequest request,
        RouteMatch match,
        ReadOnlySpan<byte> body,
        RequestContextValues context,
        JwtValidation? jwt)
    {
        var routeKey = match.Route.Key.Value;
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "2.0");
            writer.WriteString("routeKey", routeKey);
            writer.WriteString("rawPath", RawPath(request));
            writer.WriteString("rawQueryString", rawQuery);

            var cookies = Cookies(request);
            if (cookies.Count > 0)
            {
                writer.WriteStartArray("cookies");
                cookies.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }

            writer.WriteStartObject("headers");
            foreach (var (name, value) in Headers(request, context))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();

            var query = QueryParameters(rawQuery);
            if (query.Count > 0)
            {
                WriteMap(writer, "queryStringParameters", query);
            }

            writer.WriteStartObject("requestContext");
            writer.WriteString("accountId", context.AccountId);
            writer.WriteString("apiId", context.ApiId);
            if (jwt is { IsValid: true })
            {
                writer.WriteStartObject("authorizer");
                writer.WriteStartObject("jwt");
                WriteMap(writer, "claims", jwt.Claims);
                writer.WriteStartArray("scopes");
                foreach (var scope in jwt.Scopes)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            var domainName = request.Host.Host;
            writer.WriteString("domainName", domainName);
            writer.WriteString("domainPrefix", domainName.Split('.')[0]);
            writer.WriteStartObject("http");
            writer.WriteString("method", request.Method);
            writer.WriteString("path", RawPath(request));
            writer.WriteString("protocol", request.Protocol);
            writer.WriteString("sourceIp", context.SourceIp);
            writer.WriteString("userAgent", request.Headers.UserAgent.ToString());
            writer.WriteEndObject();
            writer.WriteString("requestId", context.RequestId);
            writer.WriteString("routeKey", routeKey);
            writer.WriteString("stage", "$default");
            writer.WriteString("time", context.Time.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture));
            writer.WriteNumber("timeEpoch", context.Time.ToUnixTimeMilliseconds());
            writer.WriteEndObject();

            if (match.PathParameters.Count > 0)
            {
                WriteMap(writer, "pathParameters", match.PathParameters);
            }

            var isBase64 = false;
            if (body.Length > 0)
            {
                isBase64 = !IsText(request.ContentType);
                writer.WriteString("body", isBase64 ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body));
            }

            writer.WriteBoolean("isBase64Encoded", isBase64);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static bool IsText(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || TextMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    internal static string RawPath(HttpRequest request)
    {
        // Kestrel decodes Path; API Gateway passes the path as the client sent it.
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return request.PathBase.Add(request.Path).ToUriComponent();
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }

    private static List<string> Cookies(HttpRequest request)
    {
        var cookies = new List<string>();
        foreach (var header in request.Headers.Cookie)
        {
            if (header is null)
            {
                continue;
            }

            cookies.AddRange(header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return cookies;
    }

    private static SortedDictionary<string, string> Headers(HttpRequest request, RequestContextValues context)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower == "cookie")
            {
                continue;
            }

            headers[lower] = string.Join(',', values.Where(v => v is not null));
        }

        // Headers API Gateway adds in front of every integration.
        headers["x-amzn-trace-id"] = context.TraceId;
        headers["x-forwarded-for"] = headers.TryGetValue("x-forwarded-for", out var forwarded) ? forwarded + ", " + context.SourceIp : context.SourceIp;
        headers["x-forwarded-port"] = (request.Host.Port ?? (request.IsHttps ? 443 : 80)).ToString(CultureInfo.InvariantCulture);
        headers["x-forwarded-proto"] = request.Scheme;
        return headers;
    }

    internal static List<KeyValuePair<string, string>> QueryParameters(string rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (index.TryGetValue(name, out var at))
            {
                result[at] = new(name, result[at].Value + "," + value);
            }
            else
            {
                index[name] = result.Count;
                result.Add(new(name, value));
            }
        }

        return result;
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    private static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, string>> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}

/// <summary>The requestContext values that do not come from the HTTP request itself.</summary>
internal sealed record RequestContextValues(string AccountId, string ApiId, string RequestId, string TraceId, string SourceIp, DateTimeOffset Time);
