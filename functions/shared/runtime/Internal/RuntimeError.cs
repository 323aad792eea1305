using System.Buffers;

namespace Platform.Functions.Shared.Runtime.Internal;

/// <summary>An error reported to the Runtime API: the Lambda-Runtime-Function-Error-Type header and the standard JSON body.</summary>
internal sealed record RuntimeError(string Category, string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    public const string InitFailed = "Runtime.InitError";
    public const string ConfigInvalid = "Runtime.ConfigInvalid";
    public const string SerializationError = "Runtime.SerializationError";
    public const string Unhandled = "Function.Unhandled";
    public const string ResponseSizeTooLarge = "Function.ResponseSizeTooLarge";

    public static RuntimeError FromException(string category, Exception exception) => new(
        category,
        exception.GetType().Name,
        Redactor.MaskEmails(exception.Message),
        SplitStackTrace(exception.StackTrace));

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = JsonLines.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", ErrorMessage);
            writer.WriteString("errorType", ErrorType);
            writer.WriteStartArray("stackTrace");
            foreach (var frame in StackTrace)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string[] SplitStackTrace(string? stackTrace) =>
        stackTrace is null ? [] : stackTrace.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
