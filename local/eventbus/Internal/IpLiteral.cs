using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.Local.EventBus.Internal;

/// <summary>Strict IPv4 (dotted quad) and IPv6 literals, as event-ruler recognises them (no host names, no short forms).</summary>
internal static class IpLiteral
{
    public static bool TryParse(string text, out byte[] address)
    {
        address = [];
        if (text.Length is < 2 or > 45)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6.GetAddressBytes();
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) ||
                !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }

            bytes[i] = (byte)octet;
        }

        address = bytes;
        return true;
    }

    /// <summary>Whether the first <paramref name="bits"/> bits of two addresses of the same family are equal.</summary>
    public static bool SamePrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int bits)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var whole = bits / 8;
        if (!a[..whole].SequenceEqual(b[..whole]))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (b[whole] & mask);
    }
}
