using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Platform.Local.Storage.Internal;

/// <summary>The object attributes S3 takes from request headers and gives back on GET and HEAD.</summary>
internal static class ObjectHeaders
{
    /// <summary>What S3 stores when a PUT has no Content-Type.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public const string MetadataPrefix = "x-amz-meta-";

    /// <summary>S3's limit on user metadata: names and values, in UTF-8 bytes.</summary>
    public const int MaxMetadataBytes = 2 * 1024;

    /// <summary>Standard headers an object keeps, with the <c>response-*</c> query parameter that overrides each on GET.</summary>
    public static readonly IReadOnlyList<(string Header, string Override)> Stored =
    [
        ("Content-Encoding", "response-content-encoding"),
        ("Content-Disposition", "response-content-disposition"),
        ("Content-Language", "response-content-language"),
        ("Cache-Control", "response-cache-control"),
        ("Expires", "response-expires"),
    ];

    /// <summary>Reads Content-Type, the stored headers and <c>x-amz-meta-*</c> from a request.</summary>
    public static ObjectAttributes Read(IHeaderDictionary headers)
    {
        var contentType = headers.ContentType.ToString();
        var stored = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in Stored)
        {
            var value = headers[name].ToString();
            if (name == "Content-Encoding")
            {
                // aws-chunked describes the transfer, not the object: S3 drops it.
                value = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                stored[name] = value;
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = name[MetadataPrefix.Length..].ToLowerInvariant();
                metadata[key] = value.ToString();
                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.ToString());
            }
        }

        if (size > MaxMetadataBytes)
        {
            throw S3Exception.MetadataTooLarge(size, MaxMetadataBytes);
        }

        return new ObjectAttributes(contentType.Length > 0 ? contentType : DefaultContentType, stored, metadata);
    }

    public static string Quote(string etag) => "\"" + etag + "\"";

    public static string Unquote(string etag)
    {
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    /// <summary>Whether an If-Match or If-None-Match list (<c>"a", "b"</c> or <c>*</c>) names this ETag.</summary>
    public static bool ETagMatches(string condition, string etag) =>
        condition.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => candidate == "*" || string.Equals(Unquote(candidate), etag, StringComparison.Ordinal));

    public static string HttpDate(DateTimeOffset time) => HeaderUtilities.FormatDate(time);

    public static DateTimeOffset? ParseHttpDate(string value) =>
        HeaderUtilities.TryParseDate(value, out var date) ? date : null;

    /// <summary>The ISO-8601 form S3's XML uses: <c>2009-10-12T17:50:30.000Z</c>.</summary>
    public static string XmlTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
