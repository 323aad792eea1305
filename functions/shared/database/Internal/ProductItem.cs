using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Catalogue;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Attribute names of a product item and the mapping back to <see cref="Product"/>.</summary>
internal static class ProductItem
{
    public const string Name = "name";
    public const string PriceCents = "priceCents";
    public const string Stock = "stock";
    public const string UpdatedAt = "updatedAt";
    public const string Reservations = "reservations";
    public const string LowStockAlerted = "lowStockAlerted";

    /// <summary>The mark (<c>&lt;startedAt&gt;#&lt;importId&gt;</c>) of the import that last wrote the product; string order is start order.</summary>
    public const string ImportMark = "importMark";

    /// <summary>The line of that import's file that wrote the product.</summary>
    public const string ImportLine = "importLine";

    public static Product To(Dictionary<string, AttributeValue> item) => new(
        Keys.IdFrom(item, Keys.ProductPrefix),
        item.GetString(Name),
        item.GetLong(PriceCents),
        item.GetInt(Stock),
        item.GetTime(UpdatedAt));
}
