using System.Net;
using System.Text;

namespace Platform.Local.Storage.Internal;

/// <summary>S3's rules for bucket names and keys.</summary>
internal static class Names
{
    public const int MaxKeyBytes = 1024;

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    public static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0])
        && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal)
        && !IPAddress.TryParse(name, out _)
        && !name.StartsWith("xn--", StringComparison.Ordinal)
        && !name.StartsWith("sthree-", StringComparison.Ordinal)
        && !name.EndsWith("-s3alias", StringComparison.Ordinal)
        && !name.EndsWith("--ol-s3", StringComparison.Ordinal);

    public static void ValidateKey(string key)
    {
        if (key.Length == 0)
        {
            throw S3Exception.InvalidArgument("An object key must not be empty.", "key", key);
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw S3Exception.KeyTooLong();
        }
    }
}
