using System.Text;
using System.Text.Json;

namespace Platform.Local.Gateway.Internal;

/// <summary>Maps a function's response as HTTP API does for payload format 2.0: the full form when the JSON object has statusCode, otherwise the "simple" form.</summary>
internal static class ResponseMapper
{
    /// <summary>Null when the response is malformed (API Gateway answers 502).</summary>
    public static MappedResponse? Map(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var statusCode))
            {
                return Simple(root);
            }

            return Full(root, statusCode);
        }
    }

    private static MappedResponse Simple(JsonElement root)
    {
        var body = root.ValueKind == JsonValueKind.String ? root.GetString()! : root.GetRawText();
        return new MappedResponse(200, [new("content-type", "application/json")], [], Encoding.UTF8.GetBytes(body));
    }

    private static MappedResponse? Full(JsonElement root, JsonElement statusCode)
    {
        if (statusCode.ValueKind != JsonValueKind.Number || !statusCode.TryGetInt32(out var status) || status < 200 || status > 599)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var single) && single.ValueKind != JsonValueKind.Null)
        {
            if (single.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var header in single.EnumerateObject())
            {
                if (HeaderText(header.Value) is not { } text || !IsValidHeader(header.Name, text))
                {
                    return null;
                }

                headers.Add(new(header.Name, text));
            }
        }

        if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind != JsonValueKind.Null)
        {
            if (multi.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var header in multi.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                foreach (var value in header.Value.EnumerateArray())
                {
                    if (HeaderText(value) is not { } text || !IsValidHeader(header.Name, text))
                    {
                        return null;
                    }

                    headers.Add(new(header.Name, text));
                }
            }
        }

        var cookies = new List<string>();
        if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind != JsonValueKind.Null)
        {
            if (cookieArray.ValueKind != JsonValueKind.Array || cookieArray.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
            {
                return null;
            }

            cookies.AddRange(cookieArray.EnumerateArray().Select(c => c.GetString()!));
            if (cookies.Any(c => !IsValidHeader("set-cookie", c)))
            {
                return null;
            }
        }

        var isBase64 = false;
        if (root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return null;
            }

            isBase64 = flag.GetBoolean();
        }

        byte[] body = [];
        if (root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
        {
            if (bodyElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var text = bodyElement.GetString()!;
            if (!isBase64)
            {
                body = Encoding.UTF8.GetBytes(text);
            }
            else
            {
                body = new byte[(text.Length * 3 / 4) + 3];
                if (!Convert.TryFromBase64String(text, body, out var written))
                {
                    return null;
                }

                body = body[..written];
            }
        }

        return new MappedResponse(status, headers, cookies, body);
    }

    /// <summary>A header Kestrel can send: a token name, and a value without control characters or non-ASCII.</summary>
    private static bool IsValidHeader(string name, string value) =>
        name.Length > 0
        && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))
        && value.All(c => c == '\t' || (c >= ' ' && c < '\u007f'));

    private static string? HeaderText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}

internal sealed record MappedResponse(
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> Cookies,
    byte[] Body);
