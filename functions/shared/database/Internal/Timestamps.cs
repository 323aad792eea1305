using System.Globalization;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>ISO-8601 UTC timestamps with a fixed width, so that string order is time order (GSI1SK relies on it).</summary>
internal static class Timestamps
{
    private const string Layout = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Layout, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, Layout, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
