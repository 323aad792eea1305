using System.Text.Json.Serialization;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Domain.Api;

/// <summary>A user as the HTTP API returns it.</summary>
public sealed record UserView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    /// <summary>The view of a user.</summary>
    public static UserView From(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Id, user.Email, user.Name, user.CreatedAt, user.UpdatedAt);
    }
}

/// <summary>An order line as the HTTP API returns it.</summary>
public sealed record OrderLineView(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("unitPriceCents")] long UnitPriceCents,
    [property: JsonPropertyName("lineTotalCents")] long LineTotalCents);

/// <summary>An order as the HTTP API returns it.</summary>
public sealed record OrderView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("items")] IReadOnlyList<OrderLineView> Items,
    [property: JsonPropertyName("totalCents")] long TotalCents,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("paymentId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaymentId,
    [property: JsonPropertyName("declineReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeclineReason)
{
    /// <summary>The view of an order; the payment method token is not shown.</summary>
    public static OrderView From(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(
            order.Id,
            order.CustomerId,
            order.Status.ToString().ToLowerInvariant(),
            [.. order.Lines.Select(l => new OrderLineView(l.Sku, l.Quantity, l.UnitPriceCents, l.LineTotalCents))],
            order.TotalCents,
            order.Currency,
            order.CreatedAt,
            order.UpdatedAt,
            order.PaymentId,
            order.DeclineReason);
    }
}

/// <summary>A product as the HTTP API returns it.</summary>
public sealed record ProductView(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("priceCents")] long PriceCents,
    [property: JsonPropertyName("stock")] int Stock,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    /// <summary>The view of a product.</summary>
    public static ProductView From(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Sku, product.Name, product.PriceCents, product.Stock, product.UpdatedAt);
    }
}

/// <summary>What an event-triggered function did with its event, returned as its (ignored) asynchronous result and logged.</summary>
public sealed record HandlerOutcome([property: JsonPropertyName("outcome")] string Outcome);
