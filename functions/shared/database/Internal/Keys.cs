using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>The key layout of the single table (see README.md next to this project).</summary>
internal static class Keys
{
    public const string UserPrefix = "USER#";
    public const string UserSort = "PROFILE";
    public const string EmailClaimPrefix = "EMAIL#";
    public const string EmailClaimSort = "EMAIL";
    public const string ProductPrefix = "PRODUCT#";
    public const string ProductSort = "PRODUCT";
    public const string OrderPrefix = "ORDER#";
    public const string OrderSort = "ORDER";
    public const string OrderStatusPrefix = "ORDERSTATUS#";
    public const string IdempotencyPrefix = "IDEMPOTENCY#";
    public const string IdempotencySort = "IDEMPOTENCY";
    public const string EmailSentPrefix = "EMAILSENT#";
    public const string EmailSentSort = "EMAILSENT";
    public const string AnalyticsPrefix = "ANALYTICS#";
    public const string AnalyticsTotalsSort = "TOTALS";
    public const string ImportPrefix = "IMPORT#";
    public const string ImportVersionPrefix = "VERSION#";

    public static Dictionary<string, AttributeValue> Of(string partitionKey, string sortKey) => new()
    {
        [PlatformTable.PartitionKey] = Attr.S(partitionKey),
        [PlatformTable.SortKey] = Attr.S(sortKey),
    };

    public static Dictionary<string, AttributeValue> User(string id) => Of(UserPrefix + id, UserSort);

    public static Dictionary<string, AttributeValue> EmailClaim(string email) => Of(EmailClaimPrefix + NormalizeEmail(email), EmailClaimSort);

    public static Dictionary<string, AttributeValue> Product(string sku) => Of(ProductPrefix + sku, ProductSort);

    public static Dictionary<string, AttributeValue> Order(string id) => Of(OrderPrefix + id, OrderSort);

    public static Dictionary<string, AttributeValue> Idempotency(string key) => Of(IdempotencyPrefix + key, IdempotencySort);

    /// <summary>One version of an import file: all versions of a key share a partition.</summary>
    public static Dictionary<string, AttributeValue> Import(string bucket, string key, string version) =>
        Of($"{ImportPrefix}{bucket}/{key}", ImportVersionPrefix + version);

    public static Dictionary<string, AttributeValue> EmailSent(string key) => Of(EmailSentPrefix + key, EmailSentSort);

    public static Dictionary<string, AttributeValue> AnalyticsTotals(DateOnly day) => Of(AnalyticsPartition(day), AnalyticsTotalsSort);

    public static Dictionary<string, AttributeValue> AnalyticsOrderMarker(DateOnly day, string orderId) => Of(AnalyticsPartition(day), OrderPrefix + orderId);

    public static string OrderStatusPartition(OrderStatus status) => OrderStatusPrefix + status.ToString();

    /// <summary>Sorts orders of one status by creation time; the id breaks ties between orders created in the same tick.</summary>
    public static string OrderStatusSort(DateTimeOffset createdAt, string id) => Timestamps.Format(createdAt) + "#" + id;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The part of a key after its prefix, e.g. the id in <c>USER#&lt;id&gt;</c>.</summary>
    public static string IdFrom(Dictionary<string, AttributeValue> item, string prefix)
    {
        var key = item.GetString(PlatformTable.PartitionKey);
        return key.StartsWith(prefix, StringComparison.Ordinal)
            ? key[prefix.Length..]
            : throw new InvalidDataException($"Key '{key}' does not start with '{prefix}'.");
    }

    private static string AnalyticsPartition(DateOnly day) => AnalyticsPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
