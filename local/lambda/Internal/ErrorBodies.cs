using System.Buffers;
using System.Text.Json;

namespace Platform.Local.Lambda.Internal;

/// <summary>Lambda's JSON error bodies: built for the errors the service raises, read from the ones a runtime posts.</summary>
internal static class ErrorBodies
{
    public static InvocationError Create(string errorType, string errorMessage)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteString("errorType", errorType);
            writer.WriteEndObject();
        }

        return new InvocationError(errorType, errorMessage, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Reads a posted error; a body that is not Lambda's JSON shape keeps the header's type and an empty message.</summary>
    public static InvocationError Parse(byte[] body, string? errorTypeHeader, string fallbackType)
    {
        string? errorType = null;
        string? errorMessage = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                errorType = StringProperty(document.RootElement, "errorType");
                errorMessage = StringProperty(document.RootElement, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // The Runtime API accepts any body; only the header then names the error.
        }

        return new InvocationError(
            errorType ?? errorTypeHeader ?? fallbackType,
            errorMessage ?? string.Empty,
            body);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static byte[] Status(string status)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
