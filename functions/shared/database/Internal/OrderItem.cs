using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Maps an <see cref="Order"/> to its item and back.</summary>
internal static class OrderItem
{
    public const string Status = "status";
    public const string UpdatedAt = "updatedAt";
    public const string PaymentId = "paymentId";
    public const string DeclineReason = "declineReason";

    public static Dictionary<string, AttributeValue> From(Order order)
    {
        var item = Keys.Order(order.Id);
        item[Names.Entity] = Attr.S("Order");
        item["customerId"] = Attr.S(order.CustomerId);
        item["lines"] = new AttributeValue { L = [.. order.Lines.Select(FromLine)] };
        item["totalCents"] = Attr.N(order.TotalCents);
        item["currency"] = Attr.S(order.Currency);
        item["paymentMethod"] = Attr.S(order.PaymentMethod);
        item[Status] = Attr.S(order.Status.ToString());
        item["createdAt"] = Attr.Time(order.CreatedAt);
        item[UpdatedAt] = Attr.Time(order.UpdatedAt);
        if (order.PaymentId is not null)
        {
            item[PaymentId] = Attr.S(order.PaymentId);
        }

        if (order.DeclineReason is not null)
        {
            item[DeclineReason] = Attr.S(order.DeclineReason);
        }

        item[PlatformTable.Gsi1PartitionKey] = Attr.S(Keys.OrderStatusPartition(order.Status));
        item[PlatformTable.Gsi1SortKey] = Attr.S(Keys.OrderStatusSort(order.CreatedAt, order.Id));
        return item;
    }

    public static Order To(Dictionary<string, AttributeValue> item) => new(
        Keys.IdFrom(item, Keys.OrderPrefix),
        item.GetString("customerId"),
        [.. (item.TryGetValue("lines", out var lines) ? lines.L ?? [] : []).Select(ToLine)],
        item.GetLong("totalCents"),
        item.GetString("currency"),
        item.GetString("paymentMethod"),
        Enum.Parse<OrderStatus>(item.GetString(Status)),
        item.GetTime("createdAt"),
        item.GetTime(UpdatedAt),
        item.GetStringOrNull(PaymentId),
        item.GetStringOrNull(DeclineReason));

    private static AttributeValue FromLine(OrderLine line) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            ["sku"] = Attr.S(line.Sku),
            ["quantity"] = Attr.N(line.Quantity),
            ["unitPriceCents"] = Attr.N(line.UnitPriceCents),
        },
    };

    private static OrderLine ToLine(AttributeValue value)
    {
        var map = value.M ?? throw new InvalidDataException("An order line is not a map.");
        return new OrderLine(map.GetString("sku"), map.GetInt("quantity"), map.GetLong("unitPriceCents"));
    }
}
