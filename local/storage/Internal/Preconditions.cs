using Microsoft.AspNetCore.Http;

namespace Platform.Local.Storage.Internal;

/// <summary>S3's conditional requests: If-Match and If-None-Match on writes, the four conditions on reads and on a copy source.</summary>
internal static class Preconditions
{
    public static WriteConditions WriteConditionsOf(IHeaderDictionary headers)
    {
        var ifNoneMatch = headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch != "*")
        {
            throw S3Exception.NotImplemented("If-None-Match on a write other than '*'");
        }

        var ifMatch = headers.IfMatch.ToString();
        return new WriteConditions(ifMatch.Length > 0 ? ifMatch : null, ifNoneMatch == "*");
    }

    /// <summary>GET and HEAD conditions, in the precedence S3 documents: 412 for a failed If-Match or If-Unmodified-Since, 304 for If-None-Match or If-Modified-Since.</summary>
    public static int? EvaluateReadConditions(IHeaderDictionary headers, ObjectVersion version)
    {
        var lastModified = TruncateToSeconds(version.LastModified);
        var ifMatch = headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (!ObjectHeaders.ETagMatches(ifMatch, version.ETag))
            {
                throw S3Exception.PreconditionFailed("If-Match");
            }
        }
        else if (ObjectHeaders.ParseHttpDate(headers.IfUnmodifiedSince.ToString()) is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            throw S3Exception.PreconditionFailed("If-Unmodified-Since");
        }

        var ifNoneMatch = headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return ObjectHeaders.ETagMatches(ifNoneMatch, version.ETag) ? StatusCodes.Status304NotModified : null;
        }

        return ObjectHeaders.ParseHttpDate(headers.IfModifiedSince.ToString()) is { } modifiedSince && lastModified <= modifiedSince
            ? StatusCodes.Status304NotModified
            : null;
    }

    public static void CheckCopySourceConditions(IHeaderDictionary headers, ObjectVersion source)
    {
        var lastModified = TruncateToSeconds(source.LastModified);
        if (headers["x-amz-copy-source-if-match"].ToString() is { Length: > 0 } ifMatch && !ObjectHeaders.ETagMatches(ifMatch, source.ETag))
        {
            throw S3Exception.PreconditionFailed("x-amz-copy-source-If-Match");
        }

        if (headers["x-amz-copy-source-if-none-match"].ToString() is { Length: > 0 } ifNoneMatch && ObjectHeaders.ETagMatches(ifNoneMatch, source.ETag))
        {
            throw S3Exception.PreconditionFailed("x-amz-copy-source-If-None-Match");
        }

        if (ObjectHeaders.ParseHttpDate(headers["x-amz-copy-source-if-unmodified-since"].ToString()) is { } unmodifiedSince && lastModified > unmodifiedSince)
        {
            throw S3Exception.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }

        if (ObjectHeaders.ParseHttpDate(headers["x-amz-copy-source-if-modified-since"].ToString()) is { } modifiedSince && lastModified <= modifiedSince)
        {
            throw S3Exception.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);
}
