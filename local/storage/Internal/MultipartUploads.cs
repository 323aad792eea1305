using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Local.Storage.Internal;

/// <summary>
/// Multipart uploads in progress: <c>uploads/{uploadId}/upload.json</c>, and per part <c>{n}.part</c> with <c>{n}.json</c>.
/// Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class MultipartUploads
{
    private const string RecordFile = "upload.json";

    private readonly string _directory;
    private readonly Dictionary<string, UploadRecord> _uploads = new(StringComparer.Ordinal);

    public MultipartUploads(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        foreach (var uploadDirectory in Directory.EnumerateDirectories(directory))
        {
            var path = Path.Combine(uploadDirectory, RecordFile);
            if (File.Exists(path) && JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJsonContext.Default.UploadRecord) is { } upload)
            {
                _uploads[upload.UploadId] = upload;
            }
            else
            {
                Directory.Delete(uploadDirectory, recursive: true);
            }
        }
    }

    public IEnumerable<UploadRecord> InBucket(string bucket) => _uploads.Values.Where(u => string.Equals(u.Bucket, bucket, StringComparison.Ordinal));

    public UploadRecord Create(string bucket, string key, DateTimeOffset initiated, ObjectAttributes attributes, string? checksumAlgorithm, string? checksumType)
    {
        var upload = new UploadRecord
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).Replace('+', '-').Replace('/', '_'),
            Bucket = bucket,
            Key = key,
            Initiated = initiated,
            ContentType = attributes.ContentType,
            Headers = attributes.Headers,
            Metadata = attributes.Metadata,
            ChecksumAlgorithm = checksumAlgorithm,
            ChecksumType = checksumType,
        };
        Directory.CreateDirectory(UploadDirectory(upload.UploadId));
        BucketState.WriteAtomically(Path.Combine(UploadDirectory(upload.UploadId), RecordFile), upload, StateJsonContext.Default.UploadRecord);
        _uploads[upload.UploadId] = upload;
        return upload;
    }

    /// <summary>The upload with this id for this bucket and key, or <c>NoSuchUpload</c>.</summary>
    public UploadRecord Get(string bucket, string key, string uploadId) =>
        _uploads.TryGetValue(uploadId, out var upload)
        && string.Equals(upload.Bucket, bucket, StringComparison.Ordinal)
        && string.Equals(upload.Key, key, StringComparison.Ordinal)
            ? upload
            : throw S3Exception.NoSuchUpload(uploadId);

    /// <summary>Moves a part's content into the upload, replacing an earlier part with the same number.</summary>
    public void SavePart(UploadRecord upload, string temporaryFile, PartRecord part)
    {
        var number = part.PartNumber.ToString(CultureInfo.InvariantCulture);
        File.Move(temporaryFile, PartPath(upload, part.PartNumber), overwrite: true);
        BucketState.WriteAtomically(Path.Combine(UploadDirectory(upload.UploadId), number + ".json"), part, StateJsonContext.Default.PartRecord);
    }

    public SortedDictionary<int, PartRecord> Parts(UploadRecord upload)
    {
        var parts = new SortedDictionary<int, PartRecord>();
        foreach (var file in Directory.EnumerateFiles(UploadDirectory(upload.UploadId), "*.json"))
        {
            if (!string.Equals(Path.GetFileName(file), RecordFile, StringComparison.Ordinal)
                && JsonSerializer.Deserialize(File.ReadAllBytes(file), StateJsonContext.Default.PartRecord) is { } part)
            {
                parts[part.PartNumber] = part;
            }
        }

        return parts;
    }

    public string PartPath(UploadRecord upload, int partNumber) =>
        Path.Combine(UploadDirectory(upload.UploadId), partNumber.ToString(CultureInfo.InvariantCulture) + ".part");

    public void Remove(string uploadId)
    {
        if (_uploads.Remove(uploadId))
        {
            Directory.Delete(UploadDirectory(uploadId), recursive: true);
        }
    }

    private string UploadDirectory(string uploadId) => Path.Combine(_directory, uploadId);
}
