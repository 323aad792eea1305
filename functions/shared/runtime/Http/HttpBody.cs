using System.Text;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Functions.Shared.Runtime.Http;

/// <summary>Reads the JSON body of an HTTP API request, turning every bad body into the matching error response.</summary>
public static class HttpBody
{
    /// <summary>Reads the body as UTF-8 bytes ready for <c>JsonSerializer.Deserialize</c>.</summary>
    /// <remarks>
    /// Fails with 415 unless Content-Type is application/json (a UTF-8 charset parameter is allowed), 400 for an empty
    /// body or invalid base64, and 413 when the decoded body is larger than <paramref name="maxBytes"/>.
    /// </remarks>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The largest accepted body, in bytes.</param>
    /// <param name="body">The body bytes, or empty on failure.</param>
    /// <param name="error">The error response to return, or null on success.</param>
    /// <returns>True when the body was read.</returns>
    public static bool TryRead(HttpApiRequest request, int maxBytes, out byte[] body, out HttpApiResponse? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        body = [];

        if (!IsJsonContentType(request.GetHeader("content-type")))
        {
            error = HttpResponses.Error(415, HttpErrorCodes.UnsupportedMediaType, "Content-Type must be application/json.");
            return false;
        }

        var text = request.Body;
        if (string.IsNullOrEmpty(text))
        {
            error = EmptyBody();
            return false;
        }

        if (request.IsBase64Encoded)
        {
            // Decoded size is at most 3/4 of the encoded length: reject oversized bodies before allocating.
            if ((long)text.Length / 4 * 3 - 2 > maxBytes)
            {
                error = TooLarge(maxBytes);
                return false;
            }

            var buffer = new byte[(text.Length + 3) / 4 * 3];
            if (!Convert.TryFromBase64String(text, buffer, out var written))
            {
                error = HttpResponses.Error(400, HttpErrorCodes.InvalidBody, "The request body is not valid base64.");
                return false;
            }

            if (written > maxBytes)
            {
                error = TooLarge(maxBytes);
                return false;
            }

            if (written == 0)
            {
                error = EmptyBody();
                return false;
            }

            body = buffer.AsSpan(0, written).ToArray();
        }
        else
        {
            // A UTF-8 byte count is at least the char count: a body that long in chars is too large already.
            if (text.Length > maxBytes || Encoding.UTF8.GetByteCount(text) > maxBytes)
            {
                error = TooLarge(maxBytes);
                return false;
            }

            body = Encoding.UTF8.GetBytes(text);
        }

        error = null;
        return true;
    }

    private static HttpApiResponse EmptyBody() =>
        HttpResponses.Error(400, HttpErrorCodes.InvalidBody, "The request body is empty.");

    private static HttpApiResponse TooLarge(int maxBytes) =>
        HttpResponses.Error(413, HttpErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");

    private static bool IsJsonContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries);
        if (!string.Equals(parts[0], "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var separator = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var name = parts[i].AsSpan(0, separator).Trim();
            var value = parts[i].AsSpan(separator + 1).Trim().Trim('"');
            if (name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && !value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                && !value.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
