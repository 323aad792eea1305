using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Local.Queues.Internal;

/// <summary>One JSON file per queue, rewritten on every change through a temporary file and an atomic rename.</summary>
/// <remarks>A rename replaces the file whole, so a runner killed at any instant leaves either the old or the new snapshot.</remarks>
internal sealed class QueueStore(string directory)
{
    private const string Extension = ".json";

    public IEnumerable<QueueState> Load()
    {
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var snapshot = JsonSerializer.Deserialize(File.ReadAllBytes(path), QueueStoreJson.Default.QueueSnapshot)
                ?? throw new InvalidDataException($"The queue state file '{path}' is empty.");
            yield return new QueueState
            {
                Name = snapshot.Name,
                Attributes = snapshot.Attributes,
                CreatedAt = snapshot.CreatedAt,
                LastModifiedAt = snapshot.LastModifiedAt,
                Messages = snapshot.Messages,
            };
        }
    }

    public void Save(QueueState queue)
    {
        var snapshot = new QueueSnapshot(queue.Name, queue.Attributes, queue.CreatedAt, queue.LastModifiedAt, queue.Messages);
        var path = Path.Combine(directory, queue.Name + Extension);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, QueueStoreJson.Default.QueueSnapshot));
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string name) => File.Delete(Path.Combine(directory, name + Extension));
}

internal sealed record QueueSnapshot(string Name, QueueAttributes Attributes, DateTimeOffset CreatedAt, DateTimeOffset LastModifiedAt, List<StoredMessage> Messages);

[JsonSerializable(typeof(QueueSnapshot))]
internal sealed partial class QueueStoreJson : JsonSerializerContext;
