using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Tests.Domain.Fakes;

/// <summary>A bucket in memory: objects with S3's single-part ETag (hex MD5), conditional reads on the ETag, and the reports written.</summary>
internal sealed class InMemoryImportObjects : IImportObjectStore
{
    public const string Bucket = "platform-imports-test";

    private readonly Dictionary<string, (byte[] Bytes, string ETag, string? ContentType)> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _reports = new(StringComparer.Ordinal);

    public int Opens { get; private set; }

    public int ReportWrites { get; private set; }

    /// <summary>The Content-Length the store announces, when a test makes it differ from the object's size.</summary>
    public long? AnnouncedLength { get; set; }

    /// <summary>Stores an object and returns it as its notification names it.</summary>
    public ImportObject Put(string key, string content, string? contentType = null, string? versionId = null) =>
        Put(key, Encoding.UTF8.GetBytes(content), contentType, versionId);

    public ImportObject Put(string key, byte[] bytes, string? contentType = null, string? versionId = null)
    {
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of the bytes; a checksum, not security.
        var eTag = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
        _objects[key] = (bytes, eTag, contentType);
        return new ImportObject(Bucket, key, eTag, versionId, bytes.LongLength);
    }

    public void Delete(string key) => _objects.Remove(key);

    public IReadOnlyCollection<string> ReportKeys => _reports.Keys;

    public JsonElement Report(string key) => JsonDocument.Parse(_reports[key]).RootElement.Clone();

    public Task<ImportObjectOpening> OpenAsync(ImportObject source, CancellationToken cancellationToken)
    {
        Opens++;
        Assert.Equal(Bucket, source.Bucket);
        if (!_objects.TryGetValue(source.Key, out var stored))
        {
            return Task.FromResult(new ImportObjectOpening(null, ImportReason.Deleted));
        }

        if (stored.ETag != source.ETag)
        {
            return Task.FromResult(new ImportObjectOpening(null, ImportReason.Replaced));
        }

        var content = new ImportObjectContent(new MemoryStream(stored.Bytes, writable: false), AnnouncedLength ?? stored.Bytes.LongLength, stored.ContentType);
        return Task.FromResult(new ImportObjectOpening(content, null));
    }

    public Task PutReportAsync(string bucket, string key, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        Assert.Equal(Bucket, bucket);
        ReportWrites++;
        _reports[key] = json.ToArray();
        return Task.CompletedTask;
    }
}
