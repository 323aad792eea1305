using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Platform.Local.Gateway;

/// <summary>X-Ray trace headers as AWS services pass them: <c>Root=1-{8 hex epoch seconds}-{24 hex};Parent={16 hex};Sampled=1</c>.</summary>
public static class TraceHeader
{
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The HTTP header that carries it.</summary>
    public const string Name = "X-Amzn-Trace-Id";

    /// <summary>A new header for a request received at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now) =>
        "Root=1-" + now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))
        + ";Parent=" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))
        + ";Sampled=1";

    /// <summary>The trace id of a header (<c>1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx</c>), or null when it has no well-formed <c>Root</c>.</summary>
    public static string? Root(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.OrdinalIgnoreCase) && IsTraceId(part["Root=".Length..]))
            {
                return part["Root=".Length..].ToLowerInvariant();
            }
        }

        return null;
    }

    /// <summary>Whether a header has a well-formed <c>Root</c> and only <c>key=value</c> fields.</summary>
    public static bool IsWellFormed(string? header) =>
        Root(header) is not null
        && header!.Length <= 256
        && header.Split(';', StringSplitOptions.TrimEntries).All(part => part.IndexOf('=', StringComparison.Ordinal) > 0);

    /// <summary>Whether <paramref name="value"/> is an X-Ray trace id: <c>1-</c>, 8 hex digits, <c>-</c>, 24 hex digits.</summary>
    public static bool IsTraceId(string value) =>
        value.Length == 35 && value.StartsWith("1-", StringComparison.Ordinal) && value[10] == '-'
        && !value.AsSpan(2, 8).ContainsAnyExcept(Hex) && !value.AsSpan(11).ContainsAnyExcept(Hex);
}
