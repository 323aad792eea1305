using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Builds and reads attribute values of the low-level client by hand (no reflection, so AOT-safe).</summary>
internal static class Attr
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static AttributeValue StringSet(string value) => new() { SS = [value] };

    public static AttributeValue Time(DateTimeOffset value) => S(Timestamps.Format(value));

    public static AttributeValue EpochSeconds(DateTimeOffset value) => N(value.ToUnixTimeSeconds());

    public static string GetString(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetStringOrNull(name) ?? throw Missing(name);

    public static string? GetStringOrNull(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static long GetLong(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } number
            ? long.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw Missing(name);

    public static int GetInt(this Dictionary<string, AttributeValue> item, string name) => checked((int)item.GetLong(name));

    public static bool GetBoolOrFalse(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;

    public static DateTimeOffset GetTime(this Dictionary<string, AttributeValue> item, string name) =>
        Timestamps.Parse(item.GetString(name));

    public static DateTimeOffset GetEpochSeconds(this Dictionary<string, AttributeValue> item, string name) =>
        DateTimeOffset.FromUnixTimeSeconds(item.GetLong(name));

    public static bool SetContains(this Dictionary<string, AttributeValue> item, string name, string member) =>
        item.TryGetValue(name, out var value) && value.SS is { } set && set.Contains(member);

    private static InvalidDataException Missing(string name) => new($"Stored item has no valid '{name}' attribute.");
}
