namespace Platform.Local.Storage.Internal;

/// <summary>Orders keys as S3 lists them: by the bytes of their UTF-8 encoding, which is code-point order.</summary>
/// <remarks>Ordinal UTF-16 order differs only where a surrogate (a character above U+FFFF) meets U+E000–U+FFFF.</remarks>
internal sealed class KeyOrder : IComparer<string>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Fixup(x[i]) - Fixup(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    // Moves surrogates above U+E000–U+FFFF, so that UTF-16 units compare as code points do.
    private static int Fixup(char c) => c >= '\uE000' ? c - 0x800 : char.IsSurrogate(c) ? c + 0x2000 : c;
}
