using System.IO.Hashing;
using System.Security.Cryptography;

namespace Platform.Local.Storage.Internal;

/// <summary>The flexible checksums S3 accepts (<c>x-amz-checksum-*</c>), computed as S3 reports them: big-endian, base64.</summary>
internal static class Checksums
{
    public static readonly IReadOnlyList<string> Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    public const string HeaderPrefix = "x-amz-checksum-";

    public static string HeaderName(string algorithm) => HeaderPrefix + algorithm.ToLowerInvariant();

    /// <summary>The algorithm a header such as <c>x-amz-checksum-crc32</c> carries, or null for any other name.</summary>
    public static string? AlgorithmOfHeader(string name) =>
        name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)
            ? Algorithms.FirstOrDefault(a => string.Equals(a, name[HeaderPrefix.Length..], StringComparison.OrdinalIgnoreCase))
            : null;

    public static bool IsKnown(string algorithm) => Algorithms.Contains(algorithm, StringComparer.OrdinalIgnoreCase);

    public static Checksum Create(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "CRC32" => new CrcChecksum(new Crc32(Crc32ParameterSet.Crc32)),
        "CRC32C" => new CrcChecksum(new Crc32(Crc32ParameterSet.Crc32C)),
        "CRC64NVME" => new CrcChecksum(new Crc64(Crc64ParameterSet.Nvme)),
        "SHA1" => new DigestChecksum(IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
        "SHA256" => new DigestChecksum(IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a checksum algorithm S3 supports."),
    };

    /// <summary>The checksum of a whole buffer, base64.</summary>
    public static string Compute(string algorithm, ReadOnlySpan<byte> data)
    {
        using var checksum = Create(algorithm);
        checksum.Append(data);
        return checksum.GetBase64();
    }

    /// <summary>An incremental checksum.</summary>
    internal abstract class Checksum : IDisposable
    {
        public abstract void Append(ReadOnlySpan<byte> data);

        public abstract byte[] GetValue();

        public string GetBase64() => Convert.ToBase64String(GetValue());

        public virtual void Dispose()
        {
        }
    }

    private sealed class CrcChecksum(NonCryptographicHashAlgorithm crc) : Checksum
    {
        public override void Append(ReadOnlySpan<byte> data) => crc.Append(data);

        // NonCryptographicHashAlgorithm gives little-endian bytes; S3 sends the CRC's big-endian bytes.
        public override byte[] GetValue()
        {
            var value = crc.GetCurrentHash();
            Array.Reverse(value);
            return value;
        }
    }

    private sealed class DigestChecksum(IncrementalHash hash) : Checksum
    {
        public override void Append(ReadOnlySpan<byte> data) => hash.AppendData(data);

        public override byte[] GetValue() => hash.GetCurrentHash();

        public override void Dispose()
        {
            hash.Dispose();
            base.Dispose();
        }
    }
}
