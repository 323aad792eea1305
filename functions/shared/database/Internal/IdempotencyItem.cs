using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Maps an <see cref="IdempotencyRecord"/> to its item and back.</summary>
internal static class IdempotencyItem
{
    public const string Completed = "completed";

    public static Dictionary<string, AttributeValue> From(IdempotencyRecord record)
    {
        var item = Keys.Idempotency(record.Key);
        item[Names.Entity] = Attr.S("Idempotency");
        item["requestHash"] = Attr.S(record.RequestHash);
        item["resourceId"] = Attr.S(record.ResourceId);
        item[Completed] = Attr.Bool(record.Completed);
        item[PlatformTable.TimeToLiveAttribute] = Attr.EpochSeconds(record.ExpiresAt);
        return item;
    }

    public static IdempotencyRecord To(Dictionary<string, AttributeValue> item) => new(
        Keys.IdFrom(item, Keys.IdempotencyPrefix),
        item.GetString("requestHash"),
        item.GetString("resourceId"),
        item.GetBoolOrFalse(Completed),
        item.GetEpochSeconds(PlatformTable.TimeToLiveAttribute));

    /// <summary>The record as it reads back: the TTL attribute holds whole seconds.</summary>
    public static IdempotencyRecord AsStored(IdempotencyRecord record) =>
        record with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(record.ExpiresAt.ToUnixTimeSeconds()) };
}
