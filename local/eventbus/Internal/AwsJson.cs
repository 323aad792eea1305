using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.EventBus.Internal;

/// <summary>Responses in AWS's JSON 1.1 protocol.</summary>
internal static class AwsJson
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, AwsError error) =>
        WriteAsync(context, error.Status, writer =>
        {
            writer.WriteString("__type", error.Type);
            writer.WriteString("message", error.Message);
        });
}

/// <summary>An error returned to the caller as <c>{"__type", "message"}</c>.</summary>
internal sealed class AwsError(string type, string message, int status = 400) : Exception(message)
{
    public string Type { get; } = type;

    public int Status { get; } = status;

    public static AwsError Validation(string message) => new("ValidationException", message);
}
