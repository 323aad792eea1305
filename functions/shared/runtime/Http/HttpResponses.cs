using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Functions.Shared.Runtime.Http;

/// <summary>Builds HTTP API responses: JSON bodies and the platform's error shape <c>{"error":{"code","message","fields"}}</c>.</summary>
public static class HttpResponses
{
    private const string JsonContentType = "application/json";

    /// <summary>A response with <paramref name="value"/> serialized as JSON.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="value">The body.</param>
    /// <param name="typeInfo">The body type's source-generated metadata.</param>
    public static HttpApiResponse Json<T>(int status, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new HttpApiResponse
        {
            StatusCode = status,
            Headers = JsonHeaders(),
            Body = JsonSerializer.Serialize(value, typeInfo),
        };
    }

    /// <summary>A response with no body.</summary>
    /// <param name="status">The HTTP status code, 204 by default.</param>
    public static HttpApiResponse Empty(int status = 204) => new() { StatusCode = status };

    /// <summary>An error response <c>{"error":{"code","message","fields"}}</c>; fields are omitted when null or empty.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="code">A stable machine-readable code, see <see cref="HttpErrorCodes"/>.</param>
    /// <param name="message">A message for people; never exception details.</param>
    /// <param name="fields">Per-field validation errors.</param>
    public static HttpApiResponse Error(int status, string code, string message, IReadOnlyList<FieldError>? fields = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            if (fields is { Count: > 0 })
            {
                writer.WriteStartArray("fields");
                foreach (var field in fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("field", field.Field);
                    writer.WriteString("message", field.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new HttpApiResponse
        {
            StatusCode = status,
            Headers = JsonHeaders(),
            Body = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    /// <summary>400 with <see cref="HttpErrorCodes.ValidationFailed"/> and the field errors.</summary>
    /// <param name="fields">The field errors.</param>
    /// <param name="message">A message for people.</param>
    public static HttpApiResponse ValidationFailed(IReadOnlyList<FieldError> fields, string message = "The request is invalid.") =>
        Error(400, HttpErrorCodes.ValidationFailed, message, fields);

    /// <summary>400 with <see cref="HttpErrorCodes.InvalidBody"/>.</summary>
    /// <param name="message">A message for people.</param>
    public static HttpApiResponse BadRequest(string message) => Error(400, HttpErrorCodes.InvalidBody, message);

    /// <summary>404 with <see cref="HttpErrorCodes.NotFound"/>.</summary>
    /// <param name="message">A message for people.</param>
    public static HttpApiResponse NotFound(string message = "The resource was not found.") =>
        Error(404, HttpErrorCodes.NotFound, message);

    /// <summary>409 with <see cref="HttpErrorCodes.Conflict"/>.</summary>
    /// <param name="message">A message for people.</param>
    public static HttpApiResponse Conflict(string message) => Error(409, HttpErrorCodes.Conflict, message);

    /// <summary>500 with <see cref="HttpErrorCodes.InternalError"/> and a fixed message: exception details belong in the logs only.</summary>
    public static HttpApiResponse InternalError() =>
        Error(500, HttpErrorCodes.InternalError, "An internal error occurred.");

    /// <summary>Returns a copy of <paramref name="response"/> with a header added or replaced.</summary>
    /// <param name="response">The response.</param>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value.</param>
    public static HttpApiResponse WithHeader(this HttpApiResponse response, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var headers = response.Headers is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase);
        headers[name] = value;
        return new HttpApiResponse
        {
            StatusCode = response.StatusCode,
            Headers = headers,
            Cookies = response.Cookies,
            Body = response.Body,
            IsBase64Encoded = response.IsBase64Encoded,
        };
    }

    private static Dictionary<string, string> JsonHeaders() => new(StringComparer.OrdinalIgnoreCase) { ["content-type"] = JsonContentType };
}
