using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.Gateway.Internal;

/// <summary>HTTP API's CORS: it answers preflight requests itself and sets the CORS headers of other responses, replacing the integration's.</summary>
internal sealed class CorsResponder(CorsConfiguration configuration)
{
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.Origin.Count > 0
        && request.Headers.AccessControlRequestMethod.Count > 0;

    public void WritePreflight(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status204NoContent;
        var origin = AllowedOrigin(request);
        if (origin is null)
        {
            return;
        }

        var headers = response.Headers;
        headers.AccessControlAllowOrigin = origin;
        if (configuration.AllowMethods.Count > 0)
        {
            headers.AccessControlAllowMethods = string.Join(',', configuration.AllowMethods);
        }

        if (configuration.AllowHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(',', configuration.AllowHeaders);
        }

        if (configuration.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (configuration.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    public void WriteActual(HttpRequest request, HttpResponse response)
    {
        var headers = response.Headers;
        foreach (var name in headers.Keys.Where(k => k.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        var origin = AllowedOrigin(request);
        if (origin is null)
        {
            return;
        }

        headers.AccessControlAllowOrigin = origin;
        if (configuration.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(',', configuration.ExposeHeaders);
        }

        if (configuration.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    private string? AllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        if (configuration.AllowOrigins.Contains("*") && !configuration.AllowCredentials)
        {
            return "*";
        }

        return configuration.AllowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
    }
}
