using System.Security.Cryptography;

namespace Platform.Functions.Shared.Domain.Common;

/// <summary>Creates identifiers for new entities.</summary>
public interface IIdGenerator
{
    /// <summary>A new identifier with the given prefix, e.g. <c>ord_…</c>.</summary>
    string NewId(string prefix);
}

/// <summary>Random, URL-safe identifiers: a prefix, the creation time in hex (so ids sort by age) and 80 random bits.</summary>
public sealed class RandomIdGenerator(TimeProvider time) : IIdGenerator
{
    /// <inheritdoc />
    public string NewId(string prefix)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        var millis = time.GetUtcNow().ToUnixTimeMilliseconds();
        return $"{prefix}_{millis:x11}{Convert.ToHexStringLower(random)}";
    }
}
