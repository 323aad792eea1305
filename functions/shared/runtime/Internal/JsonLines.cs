using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Functions.Shared.Runtime.Internal;

/// <summary>One JSON object per line on a <see cref="TextWriter"/>, written with <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonLines
{
    // Log lines are read by people and CloudWatch, never embedded in HTML, so non-ASCII text stays readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> buffer) => new(buffer, Options);

    public static void WriteLine(TextWriter output, ArrayBufferWriter<byte> buffer) =>
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
}
