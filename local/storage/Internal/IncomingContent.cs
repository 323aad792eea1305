using System.Buffers;
using System.Security.Cryptography;

namespace Platform.Local.Storage.Internal;

/// <summary>
/// Content on its way in: streamed to a temporary file while its MD5 (the ETag), the requested checksum and, when the
/// client signed the payload hash, its SHA-256 are computed. The store moves the file into place on commit; otherwise
/// disposing deletes it.
/// </summary>
internal sealed class IncomingContent : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly long _maxSize;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Checksums.Checksum? _checksum;
    private readonly IncrementalHash? _sha256;
    private bool _completed;

    public IncomingContent(string temporaryPath, long maxSize, string? checksumAlgorithm, bool computeSha256)
    {
        TemporaryPath = temporaryPath;
        _maxSize = maxSize;
        _file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        ChecksumAlgorithm = checksumAlgorithm?.ToUpperInvariant();
        _checksum = ChecksumAlgorithm is null ? null : Checksums.Create(ChecksumAlgorithm);
        _sha256 = computeSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public string TemporaryPath { get; }

    public long Length { get; private set; }

    public string? ChecksumAlgorithm { get; }

    /// <summary>The MD5 in lower-case hex, after <see cref="CompleteAsync"/>.</summary>
    public string Md5Hex { get; private set; } = string.Empty;

    /// <summary>The MD5 as base64 (what Content-MD5 carries), after <see cref="CompleteAsync"/>.</summary>
    public string Md5Base64 { get; private set; } = string.Empty;

    /// <summary>The requested checksum, base64, after <see cref="CompleteAsync"/>.</summary>
    public string? ChecksumValue { get; private set; }

    /// <summary>The SHA-256 in lower-case hex, if asked for, after <see cref="CompleteAsync"/>.</summary>
    public string? Sha256Hex { get; private set; }

    public async ValueTask WriteAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (Length + data.Length > _maxSize)
        {
            throw S3Exception.EntityTooLarge(Length + data.Length, _maxSize);
        }

        foreach (var segment in data)
        {
            _md5.AppendData(segment.Span);
            _checksum?.Append(segment.Span);
            _sha256?.AppendData(segment.Span);
            await _file.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }

        Length += data.Length;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await WriteAsync(new ReadOnlySequence<byte>(data), cancellationToken).ConfigureAwait(false);

    /// <summary>Copies a stream in, as <see cref="WriteAsync(ReadOnlySequence{byte}, CancellationToken)"/> does.</summary>
    public async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Flushes and closes the file and finishes the hashes.</summary>
    public async Task CompleteAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        await _file.FlushAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        var md5 = _md5.GetHashAndReset();
        Md5Hex = Convert.ToHexStringLower(md5);
        Md5Base64 = Convert.ToBase64String(md5);
        ChecksumValue = _checksum?.GetBase64();
        Sha256Hex = _sha256 is null ? null : Convert.ToHexStringLower(_sha256.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _md5.Dispose();
        _checksum?.Dispose();
        _sha256?.Dispose();
        // Gone once the store has moved it into a bucket.
        File.Delete(TemporaryPath);
    }
}
