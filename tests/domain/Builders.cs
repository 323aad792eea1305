using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Users;
using Platform.Tests.Domain.Fakes;

namespace Platform.Tests.Domain;

/// <summary>Entry points of the builders: valid objects with defaults, tests change only what they are about.</summary>
internal static class A
{
    public static UserBuilder User() => new();

    public static ProductBuilder Product() => new();

    public static OrderBuilder Order() => new();

    public static PlaceOrderBuilder PlaceOrder() => new();

    /// <summary>The contract's example detail from <c>payloads/</c>, to change.</summary>
    public static JsonBuilder Detail(EventContract contract) => new(Payloads.Example(contract));

    /// <summary>A valid <c>POST /orders</c> body, to change.</summary>
    public static JsonBuilder OrderBody() => JsonBuilder.Parse($$"""
        {"customerId":"{{TestIds.User(1)}}","items":[{"sku":"WIDGET-1","quantity":2},{"sku":"GADGET-7","quantity":1}],"paymentMethod":"pm_card_visa"}
        """);

    /// <summary>A valid <c>POST /users</c> body, to change.</summary>
    public static JsonBuilder UserBody() => JsonBuilder.Parse("""{"email":"zoe@example.com","name":"Zoë 李"}""");

    /// <summary>A valid <c>PUT /products/{sku}</c> body, to change.</summary>
    public static JsonBuilder ProductBody() => JsonBuilder.Parse("""{"name":"Widget","priceCents":1250,"stock":10}""");
}

/// <summary>Identifiers in the platform's formats, numbered so tests can tell them apart.</summary>
internal static class TestIds
{
    public static string Order(int number) => string.Create(CultureInfo.InvariantCulture, $"ord_{number:x31}");

    public static string User(int number) => string.Create(CultureInfo.InvariantCulture, $"usr_{number:x31}");
}

internal sealed class UserBuilder
{
    private string _id = TestIds.User(1);
    private string _email = "zoe@example.com";
    private string _name = "Zoë 李";
    private int _version = 1;

    public UserBuilder WithId(string id) { _id = id; return this; }

    public UserBuilder WithEmail(string email) { _email = email; return this; }

    public UserBuilder WithName(string name) { _name = name; return this; }

    public UserBuilder WithVersion(int version) { _version = version; return this; }

    public User Build() => new(_id, _email, _name, FakeTimeProvider.DefaultStart, FakeTimeProvider.DefaultStart, _version);
}

internal sealed class ProductBuilder
{
    private string _sku = "WIDGET-1";
    private string _name = "Widget";
    private long _priceCents = 1_250;
    private int _stock = 10;

    public ProductBuilder WithSku(string sku) { _sku = sku; return this; }

    public ProductBuilder WithName(string name) { _name = name; return this; }

    public ProductBuilder WithPrice(long cents) { _priceCents = cents; return this; }

    public ProductBuilder WithStock(int stock) { _stock = stock; return this; }

    public Product Build() => new(_sku, _name, _priceCents, _stock, FakeTimeProvider.DefaultStart);
}

internal sealed class OrderBuilder
{
    private readonly List<OrderLine> _lines = [];
    private string _id = TestIds.Order(1);
    private string _customerId = TestIds.User(1);
    private string _paymentMethod = "pm_card_visa";
    private OrderStatus _status = OrderStatus.Pending;
    private DateTimeOffset _createdAt = FakeTimeProvider.DefaultStart;
    private string? _paymentId;
    private string? _declineReason;

    public OrderBuilder WithId(string id) { _id = id; return this; }

    public OrderBuilder ForCustomer(string customerId) { _customerId = customerId; return this; }

    public OrderBuilder WithLine(string sku, int quantity, long unitPriceCents = 1_250)
    {
        _lines.Add(new OrderLine(sku, quantity, unitPriceCents));
        return this;
    }

    public OrderBuilder PaidWith(string paymentMethod) { _paymentMethod = paymentMethod; return this; }

    public OrderBuilder WithStatus(OrderStatus status) { _status = status; return this; }

    public OrderBuilder CreatedAt(DateTimeOffset at) { _createdAt = at; return this; }

    public OrderBuilder Charged(string paymentId = "pay_0123456789abcdef01234567") { _status = OrderStatus.Paid; _paymentId = paymentId; return this; }

    public OrderBuilder Declined(string reason = "card_declined") { _status = OrderStatus.Declined; _declineReason = reason; return this; }

    public Order Build()
    {
        IReadOnlyList<OrderLine> lines = _lines.Count > 0 ? [.. _lines] : [new OrderLine("WIDGET-1", 1, 1_250)];
        return new Order(_id, _customerId, lines, lines.Sum(l => l.LineTotalCents), "USD", _paymentMethod, _status, _createdAt, _createdAt, _paymentId, _declineReason);
    }
}

internal sealed class PlaceOrderBuilder
{
    private readonly List<PlaceOrderItem> _items = [];
    private string _customerId = TestIds.User(1);
    private string _paymentMethod = "pm_card_visa";

    public PlaceOrderBuilder ForCustomer(string customerId) { _customerId = customerId; return this; }

    public PlaceOrderBuilder WithItem(string sku, int quantity) { _items.Add(new PlaceOrderItem(sku, quantity)); return this; }

    public PlaceOrderBuilder PaidWith(string paymentMethod) { _paymentMethod = paymentMethod; return this; }

    public PlaceOrder Build() => new(_customerId, _items.Count > 0 ? [.. _items] : [new PlaceOrderItem("WIDGET-1", 1)], _paymentMethod);
}

/// <summary>Event details for an order, as its producer would write them.</summary>
internal static class Details
{
    public static OrderCreatedDetail OrderCreated(Order order) => new(
        1, order.Id, order.CustomerId, [.. order.Lines.Select(l => new OrderItemDetail(l.Sku, l.Quantity, l.UnitPriceCents))],
        order.TotalCents, order.Currency, order.CreatedAt);

    public static PaymentProcessedDetail PaymentProcessed(Order order) => new(
        1, order.Id, order.CustomerId, order.PaymentId ?? "pay_0123456789abcdef01234567", order.TotalCents, order.Currency, FakeTimeProvider.DefaultStart);

    public static PaymentFailedDetail PaymentFailed(Order order) => new(
        1, order.Id, order.CustomerId, order.TotalCents, order.Currency, order.DeclineReason ?? "card_declined", FakeTimeProvider.DefaultStart);

    public static InventoryUpdatedDetail InventoryUpdated(params (string Sku, int Stock)[] levels) => new(
        1, "reservation", TestIds.Order(1), [.. levels.Select(l => new StockLevelDetail(l.Sku, l.Stock))], FakeTimeProvider.DefaultStart);
}

/// <summary>A JSON object to change field by field; paths look like <c>items[0].quantity</c>.</summary>
internal sealed class JsonBuilder(JsonObject root)
{
    public static JsonBuilder Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    public JsonBuilder Set(string path, JsonNode? value)
    {
        var (parent, name, index) = Locate(path);
        if (index is { } i)
        {
            parent[name]!.AsArray()[i] = value;
        }
        else
        {
            parent[name] = value;
        }

        return this;
    }

    /// <summary>Sets a field to raw JSON (any type, or <c>null</c>).</summary>
    public JsonBuilder SetJson(string path, string json) => Set(path, JsonNode.Parse(json));

    public JsonBuilder Remove(string path)
    {
        var (parent, name, index) = Locate(path);
        if (index is { } i)
        {
            parent[name]!.AsArray().RemoveAt(i);
        }
        else
        {
            Assert.True(parent.Remove(name), $"{path} is not in the JSON.");
        }

        return this;
    }

    public JsonElement Build() => JsonSerializer.SerializeToElement(root);

    public ReadOnlyMemory<byte> Utf8() => Encoding.UTF8.GetBytes(root.ToJsonString());

    public override string ToString() => root.ToJsonString();

    /// <summary>The object holding the last segment, its name and, for <c>items[2]</c>, the index.</summary>
    private (JsonObject Parent, string Name, int? Index) Locate(string path)
    {
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            var (name, index) = Segment(part);
            node = index is { } i ? node[name]![i]! : node[name]!;
        }

        var (last, lastIndex) = Segment(parts[^1]);
        return (node.AsObject(), last, lastIndex);
    }

    private static (string Name, int? Index) Segment(string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? (part, null) : (part[..bracket], int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture));
    }
}

/// <summary>The example payloads in <c>payloads/</c>, copied next to the test assembly.</summary>
internal static class Payloads
{
    public static string FileOf(EventContract contract) => contract.SchemaFile.Replace(".schema.json", ".json", StringComparison.Ordinal);

    public static JsonObject Example(EventContract contract) => Load(FileOf(contract));

    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", file)))!.AsObject();
}
