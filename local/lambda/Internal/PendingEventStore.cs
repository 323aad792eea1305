using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Local.Lambda.Internal;

/// <summary>An asynchronous event not yet settled: its payload, how many attempts it has had and when the next one is due.</summary>
internal sealed record PendingEvent(string RequestId, byte[] Payload, string? TraceId, DateTimeOffset EnqueuedAt, int Attempts, DateTimeOffset DueAt);

/// <summary>One JSON file per pending event, written through a temporary file and an atomic rename, deleted once the event is settled.</summary>
/// <remarks>A rename replaces the file whole, so a runner killed at any instant leaves either the old or the new snapshot.</remarks>
internal sealed class PendingEventStore(string directory)
{
    private const string Extension = ".json";

    public IReadOnlyList<PendingEvent> Load()
    {
        Directory.CreateDirectory(directory);
        var pending = new List<PendingEvent>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var saved = JsonSerializer.Deserialize(File.ReadAllBytes(path), PendingEventJson.Default.PendingEvent)
                ?? throw new InvalidDataException($"The pending event file '{path}' is empty.");
            pending.Add(saved);
        }

        return [.. pending.OrderBy(e => e.EnqueuedAt)];
    }

    public void Save(PendingEvent pending)
    {
        var path = PathOf(pending.RequestId);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(pending, PendingEventJson.Default.PendingEvent));
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string requestId) => File.Delete(PathOf(requestId));

    private string PathOf(string requestId) => Path.Combine(directory, requestId + Extension);
}

[JsonSerializable(typeof(PendingEvent))]
internal sealed partial class PendingEventJson : JsonSerializerContext;
