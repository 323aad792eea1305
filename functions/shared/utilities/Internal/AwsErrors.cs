using System.Text.Json;

namespace Platform.Functions.Shared.Utilities.Internal;

/// <summary>Turns an AWS error response (JSON 1.1 or REST-JSON) into an <see cref="AwsServiceException"/>.</summary>
internal static class AwsErrors
{
    public static async Task<AwsServiceException> ReadAsync(
        HttpResponseMessage response, string operation, Func<string, string>? redact, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        AwsErrorWire? error = null;
        if (body.Length > 0)
        {
            try
            {
                error = JsonSerializer.Deserialize(body, AwsJsonContext.Default.AwsErrorWire);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, say): the status code and headers still describe the failure.
            }
        }

        var errorType = ShortType(Header(response, "x-amzn-ErrorType"))
            ?? ShortType(error?.Type)
            ?? ShortType(error?.Code)
            ?? $"Http{(int)response.StatusCode}";
        var message = error?.Message is { } text && redact is not null ? redact(text) : error?.Message;
        var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
        return new AwsServiceException(operation, response.StatusCode, errorType, message, requestId);
    }

    // "com.amazonaws.events#ValidationException" and "ValidationException:http://internal..." both mean "ValidationException".
    private static string? ShortType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var start = type.LastIndexOf('#') + 1;
        var end = type.IndexOf(':', start);
        var shortType = (end < 0 ? type[start..] : type[start..end]).Trim();
        return shortType.Length == 0 ? null : shortType;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
