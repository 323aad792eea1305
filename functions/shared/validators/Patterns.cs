using System.Text.RegularExpressions;

namespace Platform.Functions.Shared.Validators;

/// <summary>The formats of the platform's identifiers and codes, shared by request and event validation.</summary>
public static partial class Patterns
{
    /// <summary>A user id as the platform creates it.</summary>
    [GeneratedRegex("^usr_[0-9a-f]{31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex UserId();

    /// <summary>An order id as the platform creates it.</summary>
    [GeneratedRegex("^ord_[0-9a-f]{31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex OrderId();

    /// <summary>A stock-keeping unit: upper-case letters, digits and dashes.</summary>
    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,39}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex Sku();

    /// <summary>A catalogue import id as the platform creates it.</summary>
    [GeneratedRegex("^imp_[0-9a-f]{31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex ImportId();

    /// <summary>An S3 bucket name (general purpose buckets).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\\z", RegexOptions.CultureInvariant)]
    public static partial Regex BucketName();

    /// <summary>A payment method token (<c>pm_…</c>).</summary>
    [GeneratedRegex("^pm_[a-z0-9_]{1,60}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex PaymentMethod();

    /// <summary>An e-mail address in the shape SES accepts (one @, a dotted domain, no spaces).</summary>
    [GeneratedRegex(@"^[^@\s""<>(),;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z", RegexOptions.CultureInvariant)]
    public static partial Regex Email();

    /// <summary>An idempotency key: printable ASCII without spaces.</summary>
    [GeneratedRegex("^[\\x21-\\x7E]{1,255}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex IdempotencyKey();

    /// <summary>An RFC 3339 date-time with seconds and an offset, as event timestamps are written.</summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    public static partial Regex Timestamp();
}
