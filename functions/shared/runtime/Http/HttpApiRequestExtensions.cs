using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Functions.Shared.Runtime.Http;

/// <summary>Lookups on an <see cref="HttpApiRequest"/>.</summary>
public static class HttpApiRequestExtensions
{
    /// <summary>Returns a header's value, matching the name case-insensitively, or null when absent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The header name.</param>
    public static string? GetHeader(this HttpApiRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FindHeader(request.Headers, name);
    }

    /// <summary>Returns a path parameter's value, or null when absent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name as written in the route.</param>
    public static string? GetPathParameter(this HttpApiRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathParameters is { } parameters && parameters.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Returns a query parameter's value (comma-joined when repeated), or null when absent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name.</param>
    public static string? GetQueryParameter(this HttpApiRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.QueryStringParameters is { } parameters && parameters.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Returns a header's value from <paramref name="headers"/>, matching the name case-insensitively, or null when absent.</summary>
    /// <param name="headers">The headers, or null.</param>
    /// <param name="name">The header name.</param>
    public static string? FindHeader(IReadOnlyDictionary<string, string>? headers, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (headers is null)
        {
            return null;
        }

        // API Gateway lower-cases header names, so the exact lookup almost always hits.
        if (headers.TryGetValue(name, out var value) || headers.TryGetValue(name.ToLowerInvariant(), out value))
        {
            return value;
        }

        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
