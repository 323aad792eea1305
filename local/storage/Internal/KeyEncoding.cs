using System.Text;

namespace Platform.Local.Storage.Internal;

/// <summary>The two ways S3 escapes a key in what it sends.</summary>
internal static class KeyEncoding
{
    /// <summary>
    /// The key as an event record carries it: form encoding (a space becomes <c>+</c>, <c>red flower.jpg</c> becomes
    /// <c>red+flower.jpg</c>), every byte outside letters, digits, <c>. - _ *</c> and <c>/</c> as <c>%XX</c> of its UTF-8.
    /// </summary>
    public static string ForEvent(string key) => Escape(key, spaceAsPlus: true, static b => b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'*' or (byte)'/');

    /// <summary>A value in a listing requested with <c>encoding-type=url</c>: percent-encoding of the UTF-8 bytes, <c>/</c> kept.</summary>
    public static string ForListing(string value) => Escape(value, spaceAsPlus: false, static b => b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'~' or (byte)'/');

    private static string Escape(string value, bool spaceAsPlus, Func<byte, bool> isSafe)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' || isSafe(b))
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ' && spaceAsPlus)
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }

        return builder.ToString();
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
