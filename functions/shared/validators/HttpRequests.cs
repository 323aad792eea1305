using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;

namespace Platform.Functions.Shared.Validators;

/// <summary>Turns an HTTP API request into a validated command, or into the 4xx response that says what is wrong.</summary>
public static class HttpRequests
{
    /// <summary>Reads the JSON body (content type, base64, size cap) and validates it with <paramref name="read"/>.</summary>
    /// <returns>True with the command; false with a 400, 413 or 415 response naming the problem.</returns>
    public static bool TryReadBody<T>(
        HttpApiRequest request,
        Func<JsonElement, JsonFieldReader, T?> read,
        [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out HttpApiResponse? error) where T : class
    {
        value = null;
        if (!HttpBody.TryRead(request, RequestReaders.MaxBodyBytes, out var body, out var bodyError))
        {
            error = bodyError ?? HttpResponses.BadRequest("The request body could not be read.");
            return false;
        }

        var parsed = RequestParser.Parse(body, read);
        if (!parsed.IsValid)
        {
            error = HttpResponses.ValidationFailed([.. parsed.Problems.Select(p => new FieldError(p.Field, p.Message))]);
            return false;
        }

        value = parsed.Value!;
        error = null;
        return true;
    }

    /// <summary>Reads a path parameter that must match <paramref name="pattern"/>; a missing or malformed one is a 400 naming it.</summary>
    public static bool TryReadPathId(
        HttpApiRequest request,
        string name,
        System.Text.RegularExpressions.Regex pattern,
        [NotNullWhen(true)] out string? value,
        [NotNullWhen(false)] out HttpApiResponse? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        value = request.GetPathParameter(name);
        if (value is not null && pattern.IsMatch(value))
        {
            error = null;
            return true;
        }

        value = null;
        error = HttpResponses.ValidationFailed([new FieldError(name, "is not a valid identifier")]);
        return false;
    }
}
