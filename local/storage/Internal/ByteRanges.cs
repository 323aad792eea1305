using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.Storage.Internal;

/// <summary>Which bytes of an object a GET returns.</summary>
internal static class ByteRanges
{
    /// <summary>The bytes to send: the whole object, a part (<c>?partNumber=</c>) or one <c>Range</c>; sets Content-Range when partial.</summary>
    public static (long Start, long Length, bool Partial) SelectBytes(IQueryCollection query, IHeaderDictionary headers, ObjectVersion version, HttpResponse response)
    {
        var size = version.Size;
        if (query["partNumber"].ToString() is { Length: > 0 } partText)
        {
            var parts = version.PartSizes ?? [size];
            if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber < 1)
            {
                throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partText);
            }

            if (partNumber > parts.Count)
            {
                throw S3Exception.InvalidRange("part " + partText, size);
            }

            if (version.PartSizes is null)
            {
                return (0, size, false);
            }

            var partStart = parts.Take(partNumber - 1).Sum();
            var partLength = parts[partNumber - 1];
            response.Headers.ContentRange = $"bytes {partStart}-{partStart + partLength - 1}/{size}";
            return (partStart, partLength, true);
        }

        var range = headers.Range.ToString();
        if (range.Length == 0 || ParseRange(range, size) is not { } selected)
        {
            return (0, size, false);
        }

        if (selected.Start >= size || selected.Length <= 0)
        {
            throw S3Exception.InvalidRange(range, size);
        }

        response.Headers.ContentRange = $"bytes {selected.Start}-{selected.Start + selected.Length - 1}/{size}";
        return (selected.Start, selected.Length, true);
    }

    /// <summary>One byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>); null when the header is not one S3 honours, and then the whole object is sent.</summary>
    public static (long Start, long Length)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var (first, last) = (spec[..dash], spec[(dash + 1)..]);
        var style = NumberStyles.None;
        var culture = CultureInfo.InvariantCulture;
        if (first.Length == 0)
        {
            return long.TryParse(last, style, culture, out var suffix) ? (Math.Max(0, size - suffix), Math.Min(suffix, size)) : null;
        }

        if (!long.TryParse(first, style, culture, out var start))
        {
            return null;
        }

        if (last.Length == 0)
        {
            return (start, size - start);
        }

        return long.TryParse(last, style, culture, out var end) && end >= start ? (start, Math.Min(end, size - 1) - start + 1) : null;
    }
}
