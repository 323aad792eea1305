using System.Text.Json.Nodes;

namespace Platform.Tests.Local.Support;

/// <summary>Builds the body of <c>POST /orders</c>: <c>{"customerId", "items": [{"sku", "quantity"}], "paymentMethod"}</c>.</summary>
public sealed class OrderRequest
{
    private readonly List<(string Sku, int Quantity)> _items = [];
    private readonly Dictionary<string, JsonNode?> _extra = new(StringComparer.Ordinal);
    private string _paymentMethod = "pm_card_visa";

    private OrderRequest(string customerId) => CustomerId = customerId;

    public string CustomerId { get; }

    public static OrderRequest For(string customerId) => new(customerId);

    public OrderRequest With(string sku, int quantity)
    {
        _items.Add((sku, quantity));
        return this;
    }

    public OrderRequest PaidWith(string paymentMethod)
    {
        _paymentMethod = paymentMethod;
        return this;
    }

    /// <summary>Adds a top-level field the API does not know.</summary>
    public OrderRequest WithField(string name, JsonNode? value)
    {
        _extra[name] = value;
        return this;
    }

    public JsonObject ToJson()
    {
        var items = new JsonArray();
        foreach (var (sku, quantity) in _items)
        {
            items.Add(new JsonObject { ["sku"] = sku, ["quantity"] = quantity });
        }

        var body = new JsonObject { ["customerId"] = CustomerId, ["items"] = items, ["paymentMethod"] = _paymentMethod };
        foreach (var (name, value) in _extra)
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }
}
