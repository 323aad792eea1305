using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Local.Storage.Internal;

/// <summary>
/// A bucket on disk and its index in memory. Layout: <c>bucket.json</c>; <c>keys/{sha256(key)}.json</c> with the key's
/// versions; <c>data/{id}</c> with each version's content. Files are written under a temporary name and renamed.
/// </summary>
internal sealed class BucketState
{
    private const string RecordFile = "bucket.json";

    private BucketState(string directory, BucketRecord record)
    {
        Directory = directory;
        Record = record;
    }

    public string Directory { get; }

    public BucketRecord Record { get; }

    public string Name => Record.Name;

    /// <summary>Every key with at least one version or delete marker, in listing order.</summary>
    public SortedDictionary<string, KeyRecord> Keys { get; } = new(KeyOrder.Instance);

    public List<Subscription> Subscriptions { get; } = [];

    public bool IsVersioned => Record.Versioning is not null;

    private string KeysDirectory => Path.Combine(Directory, "keys");

    private string DataDirectory => Path.Combine(Directory, "data");

    public static BucketState Create(string directory, BucketRecord record)
    {
        var bucket = new BucketState(directory, record);
        System.IO.Directory.CreateDirectory(bucket.KeysDirectory);
        System.IO.Directory.CreateDirectory(bucket.DataDirectory);
        bucket.SaveRecord();
        return bucket;
    }

    /// <summary>Reads a bucket back, dropping content files that no version refers to (left by a stop mid-write).</summary>
    public static BucketState? Load(string directory)
    {
        var recordPath = Path.Combine(directory, RecordFile);
        if (!File.Exists(recordPath))
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(File.ReadAllBytes(recordPath), StateJsonContext.Default.BucketRecord)
            ?? throw new InvalidDataException($"{recordPath} is empty.");
        var bucket = new BucketState(directory, record);
        System.IO.Directory.CreateDirectory(bucket.KeysDirectory);
        System.IO.Directory.CreateDirectory(bucket.DataDirectory);
        foreach (var file in System.IO.Directory.EnumerateFiles(bucket.KeysDirectory, "*.json"))
        {
            var key = JsonSerializer.Deserialize(File.ReadAllBytes(file), StateJsonContext.Default.KeyRecord);
            if (key is { Versions.Count: > 0 })
            {
                bucket.Keys[key.Key] = key;
            }
        }

        var referenced = bucket.Keys.Values.SelectMany(k => k.Versions).Select(v => v.DataFile).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(bucket.DataDirectory))
        {
            if (!referenced.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }

        return bucket;
    }

    public string DataPath(string dataFile) => Path.Combine(DataDirectory, dataFile);

    public void SaveRecord() => WriteAtomically(Path.Combine(Directory, RecordFile), Record, StateJsonContext.Default.BucketRecord);

    /// <summary>Writes a key's versions, or removes the key when it has none left.</summary>
    public void SaveKey(KeyRecord key)
    {
        var path = Path.Combine(KeysDirectory, KeyFileName(key.Key));
        if (key.Versions.Count == 0)
        {
            Keys.Remove(key.Key);
            File.Delete(path);
            return;
        }

        Keys[key.Key] = key;
        WriteAtomically(path, key, StateJsonContext.Default.KeyRecord);
    }

    public void DeleteData(ObjectVersion version)
    {
        if (version.DataFile is { } file)
        {
            File.Delete(DataPath(file));
        }
    }

    public static void WriteAtomically<T>(string path, T value, JsonTypeInfo<T> typeInfo)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        File.Move(temporary, path, overwrite: true);
    }

    private static string KeyFileName(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json";
}
