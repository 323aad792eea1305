using System.Globalization;
using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>The event EventBridge delivers: version, id, detail-type, source, account, time, region, resources, detail.</summary>
internal static class EventEnvelope
{
    public static byte[] Build(string id, string source, string detailType, string account, DateTimeOffset time, string region, IReadOnlyList<string> resources, JsonElement detail)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", id);
            writer.WriteString("detail-type", detailType);
            writer.WriteString("source", source);
            writer.WriteString("account", account);
            writer.WriteString("time", FormatTime(time));
            writer.WriteString("region", region);
            writer.WriteStartArray("resources");
            foreach (var resource in resources)
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            detail.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Second precision, UTC, as EventBridge writes it: 2026-11-25T14:00:00Z.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
