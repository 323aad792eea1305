using System.Text;

namespace Platform.Functions.Shared.Runtime.Internal;

/// <summary>Keeps personal data and secrets out of logs: sensitive field names and e-mail addresses.</summary>
internal static class Redactor
{
    public const string Redacted = "[redacted]";
    public const string MaskedEmail = "[email]";

    private static readonly string[] SensitiveKeyParts =
    [
        "authorization", "token", "password", "passwd", "secret", "cookie", "email", "body", "apikey", "api_key", "api-key", "credential",
    ];

    public static bool IsSensitiveKey(string key)
    {
        foreach (var part in SensitiveKeyParts)
        {
            if (key.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces every e-mail address in <paramref name="value"/> with <see cref="MaskedEmail"/>.</summary>
    public static string MaskEmails(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return value;
        }

        StringBuilder? builder = null;
        var copied = 0;
        while (at >= 0)
        {
            var start = at;
            while (start > 0 && IsLocalPartChar(value[start - 1]))
            {
                start--;
            }

            var end = at + 1;
            var lastDot = -1;
            while (end < value.Length && IsDomainChar(value[end]))
            {
                if (value[end] == '.')
                {
                    lastDot = end;
                }

                end++;
            }

            // A sentence may end right after the address: "write to a@b.com."
            while (end > at + 1 && value[end - 1] == '.')
            {
                end--;
                lastDot = value.LastIndexOf('.', end - 1, end - at - 1);
            }

            if (start < at && lastDot > at + 1 && lastDot < end - 1)
            {
                builder ??= new StringBuilder(value.Length);
                builder.Append(value, copied, start - copied).Append(MaskedEmail);
                copied = end;
            }

            at = end < value.Length ? value.IndexOf('@', Math.Max(end, at + 1)) : -1;
        }

        if (builder is null)
        {
            return value;
        }

        return builder.Append(value, copied, value.Length - copied).ToString();
    }

    private static bool IsLocalPartChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '\'';

    private static bool IsDomainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';
}
