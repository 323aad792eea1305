using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

#pragma warning disable CA5351 // SQS defines these digests as MD5: integrity checksums the SDK verifies, not security.

namespace Platform.Local.Queues.Internal;

/// <summary>The MD5 digests SQS returns and the SDKs verify.</summary>
internal static class MessageDigest
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

    public static string OfBody(string body) => Hex(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// SQS's attribute digest: attributes ordered by name; for each, the name, the data type and the value, each as a
    /// 4-byte big-endian length and its bytes, with a transport byte (1 string, 2 binary) before the value.
    /// </summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var (name, value) in attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(name));
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(value.DataType));
            if (value.BinaryValue is { } binary)
            {
                buffer.WriteByte(BinaryTransport);
                WriteLengthPrefixed(buffer, binary);
            }
            else
            {
                buffer.WriteByte(StringTransport);
                WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(value.StringValue ?? string.Empty));
            }
        }

        return Hex(MD5.HashData(buffer.ToArray()));
    }

    private static void WriteLengthPrefixed(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
