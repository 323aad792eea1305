using System.Text.Json.Nodes;
using Platform.Functions.Shared.Domain.Orders;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

/// <summary><c>RequestReaders.PlaceOrder</c>: the body of <c>POST /orders</c>.</summary>
public sealed class PlaceOrderReaderTests
{
    [Fact]
    public void PlaceOrder_ValidBody_ReadsEveryField()
    {
        var parsed = ParseOrder(A.OrderBody());

        Assert.True(parsed.IsValid);
        var order = parsed.Value!;
        Assert.Equal(TestIds.User(1), order.CustomerId);
        Assert.Equal([new PlaceOrderItem("WIDGET-1", 2), new PlaceOrderItem("GADGET-7", 1)], order.Items);
        Assert.Equal("pm_card_visa", order.PaymentMethod);
    }

    [Fact]
    public void PlaceOrder_EmptyObject_ReportsEveryRequiredField()
    {
        var parsed = ParseOrder("{}");

        Assert.Equal(["customerId", "paymentMethod", "items"], Fields(parsed));
        Assert.All(parsed.Problems, p => Assert.Equal("is required", p.Message));
    }

    [Theory]
    [InlineData("customerId")]
    [InlineData("paymentMethod")]
    [InlineData("items")]
    public void PlaceOrder_FieldNull_ReportsRequired(string field)
    {
        var parsed = ParseOrder(A.OrderBody().Set(field, null));

        AssertOnlyProblem(parsed, field, "is required");
    }

    [Theory]
    [InlineData("customerId", "42", "must be a string")]
    [InlineData("customerId", "{\"id\":\"usr_1\"}", "must be a string")]
    [InlineData("customerId", "[\"usr_1\"]", "must be a string")]
    [InlineData("paymentMethod", "true", "must be a string")]
    [InlineData("items", "{\"sku\":\"WIDGET-1\",\"quantity\":1}", "must be an array")]
    [InlineData("items", "\"WIDGET-1\"", "must be an array")]
    [InlineData("items[0]", "[\"WIDGET-1\",1]", "must be a JSON object")]
    [InlineData("items[0]", "null", "must be a JSON object")]
    [InlineData("items[0]", "\"WIDGET-1\"", "must be a JSON object")]
    [InlineData("items[0].sku", "7", "must be a string")]
    [InlineData("items[0].sku", "[\"WIDGET-1\"]", "must be a string")]
    [InlineData("items[0].quantity", "\"2\"", "must be a whole number")]
    [InlineData("items[0].quantity", "[2]", "must be a whole number")]
    [InlineData("items[0].quantity", "{\"value\":2}", "must be a whole number")]
    [InlineData("items[1].quantity", "true", "must be a whole number")]
    public void PlaceOrder_WrongType_ReportsFieldPath(string path, string json, string message)
    {
        var body = path.StartsWith("items[", StringComparison.Ordinal) && !path.Contains('.', StringComparison.Ordinal)
            ? ReplaceItem(path, json)
            : A.OrderBody().SetJson(path, json);

        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, path, message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(1_000_000)]
    [InlineData(long.MaxValue)]
    public void PlaceOrder_QuantityOutOfRange_ReportsItemQuantity(long quantity)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items[1].quantity", quantity));

        AssertOnlyProblem(parsed, "items[1].quantity", "must be between 1 and 100");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.5")]
    [InlineData("2.0")]
    [InlineData("1e2")]
    [InlineData("-0.1")]
    [InlineData("99999999999999999999")]
    [InlineData("1e400")]
    public void PlaceOrder_QuantityNotWhole_ReportsItemQuantity(string quantity)
    {
        var parsed = ParseOrder(A.OrderBody().SetJson("items[0].quantity", quantity));

        AssertOnlyProblem(parsed, "items[0].quantity", "must be a whole number");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void PlaceOrder_QuantityAtBound_IsAccepted(int quantity)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items[0].quantity", quantity));

        Assert.Equal(quantity, parsed.Value!.Items[0].Quantity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void PlaceOrder_ItemCountOutOfRange_ReportsItems(int count)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items", Items(count)));

        AssertOnlyProblem(parsed, "items", "must have 1 to 50 items");
    }

    [Fact]
    public void PlaceOrder_FiftyItems_IsAccepted()
    {
        var parsed = ParseOrder(A.OrderBody().Set("items", Items(50)));

        Assert.Equal(50, parsed.Value!.Items.Count);
    }

    [Fact]
    public void PlaceOrder_DuplicateSku_ReportsLaterOccurrence()
    {
        var body = A.OrderBody().SetJson("items", """[{"sku":"WIDGET-1","quantity":1},{"sku":"GADGET-7","quantity":1},{"sku":"WIDGET-1","quantity":3}]""");

        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, "items[2].sku", "appears more than once; combine the quantities");
    }

    [Theory]
    [InlineData("price")]
    [InlineData("totalCents")]
    [InlineData("CustomerId")]
    [InlineData("status")]
    public void PlaceOrder_UnknownRootField_ReportsIt(string field)
    {
        var parsed = ParseOrder(A.OrderBody().Set(field, 1));

        AssertOnlyProblem(parsed, field, "is not a known field");
    }

    [Theory]
    [InlineData("unitPriceCents")]
    [InlineData("price")]
    [InlineData("Quantity")]
    public void PlaceOrder_UnknownItemField_ReportsItsPath(string field)
    {
        var parsed = ParseOrder(A.OrderBody().Set($"items[1].{field}", 1));

        AssertOnlyProblem(parsed, $"items[1].{field}", "is not a known field");
    }

    [Theory]
    [InlineData("usr_1")]
    [InlineData("usr_000000000000000000000000000000A")]
    [InlineData("usr_00000000000000000000000000000001")]
    [InlineData("USR_0000000000000000000000000000001")]
    [InlineData("ord_0000000000000000000000000000001")]
    [InlineData("usr_0000000000000000000000000000001 ")]
    [InlineData("' OR '1'='1")]
    public void PlaceOrder_CustomerIdNotAUserId_ReportsWithoutEcho(string customerId)
    {
        var parsed = ParseOrder(A.OrderBody().Set("customerId", customerId));

        AssertOnlyProblem(parsed, "customerId", "must be a user id (usr_…)");
        AssertNoEcho(parsed.Problems, customerId);
    }

    [Theory]
    [InlineData("card")]
    [InlineData("pm_")]
    [InlineData("pm_CARD_VISA")]
    [InlineData("pm_card-visa")]
    [InlineData("pm_card visa")]
    public void PlaceOrder_PaymentMethodNotAToken_ReportsWithoutEcho(string paymentMethod)
    {
        var parsed = ParseOrder(A.OrderBody().Set("paymentMethod", paymentMethod));

        AssertOnlyProblem(parsed, "paymentMethod", "must be a payment method token (pm_…)");
        if (paymentMethod.Length > "pm_".Length)
        {
            AssertNoEcho(parsed.Problems, paymentMethod);
        }
    }

    [Theory]
    [InlineData("widget-1")]
    [InlineData("-WIDGET")]
    [InlineData("WIDGET_1")]
    [InlineData("WIDGËT")]
    [InlineData("<script>")]
    public void PlaceOrder_SkuBadFormat_ReportsItemSkuWithoutEcho(string sku)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items[0].sku", sku));

        AssertOnlyProblem(parsed, "items[0].sku", "must be upper-case letters, digits and dashes");
        AssertNoEcho(parsed.Problems, sku);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJK")]
    public void PlaceOrder_SkuBadLength_ReportsItemSku(string sku)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items[0].sku", sku));

        AssertOnlyProblem(parsed, "items[0].sku", "must be 1 to 40 characters");
    }

    [Theory]
    [InlineData("WIDGET-1\u0000")]
    [InlineData("WIDGET-1\n")]
    [InlineData("WIDGET\u001b[31m")]
    public void PlaceOrder_SkuWithControlCharacters_ReportsItemSku(string sku)
    {
        var parsed = ParseOrder(A.OrderBody().Set("items[0].sku", sku));

        AssertOnlyProblem(parsed, "items[0].sku", "must not contain control characters");
    }

    [Fact]
    public void PlaceOrder_HugeCustomerId_ReportsLengthWithoutEcho()
    {
        var huge = "usr_" + new string('a', 60_000);

        var parsed = ParseOrder(A.OrderBody().Set("customerId", huge));

        AssertOnlyProblem(parsed, "customerId", "must be 1 to 64 characters");
        AssertNoEcho(parsed.Problems, huge[..64]);
    }

    [Fact]
    public void PlaceOrder_ManyProblems_ReportsEveryPathInDocumentOrder()
    {
        var body = A.OrderBody()
            .Set("customerId", "nobody")
            .Set("coupon", "FREE")
            .SetJson("items", """[{"sku":"ok-not","quantity":1},{"sku":"GADGET-7","quantity":0,"price":1},"x"]""");

        var parsed = ParseOrder(body);

        Assert.Equal(
            ["coupon", "customerId", "items[0].sku", "items[1].price", "items[1].quantity", "items[2]"],
            Fields(parsed));
    }

    private static JsonBuilder ReplaceItem(string path, string json)
    {
        var index = int.Parse(path["items[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        var items = new JsonArray(JsonNode.Parse("""{"sku":"WIDGET-1","quantity":1}"""), JsonNode.Parse("""{"sku":"GADGET-7","quantity":1}"""));
        items[index] = JsonNode.Parse(json);
        return A.OrderBody().Set("items", items);
    }

    private static JsonArray Items(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (JsonNode?)new JsonObject { ["sku"] = $"SKU-{i}", ["quantity"] = 1 })];
}
