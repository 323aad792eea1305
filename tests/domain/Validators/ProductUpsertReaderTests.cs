using Platform.Functions.Shared.Domain.Catalogue;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

/// <summary><c>RequestReaders.ProductUpsert</c>: the body of <c>PUT /products/{sku}</c>.</summary>
public sealed class ProductUpsertReaderTests
{
    [Fact]
    public void ProductUpsert_ValidBody_TakesSkuFromPath()
    {
        var parsed = ParseProduct(A.ProductBody().Set("name", "  Widget 🦊 "));

        Assert.Equal(new ProductUpsert("WIDGET-1", "Widget 🦊", 1_250, 10), parsed.Value);
    }

    [Theory]
    [InlineData("priceCents", -1, "must be between 0 and 100000000")]
    [InlineData("priceCents", 100_000_001, "must be between 0 and 100000000")]
    [InlineData("stock", -1, "must be between 0 and 1000000")]
    [InlineData("stock", 1_000_001, "must be between 0 and 1000000")]
    public void ProductUpsert_NumberOutOfRange_ReportsField(string field, long value, string message)
    {
        var parsed = ParseProduct(A.ProductBody().Set(field, value));

        AssertOnlyProblem(parsed, field, message);
    }

    [Theory]
    [InlineData("priceCents", "12.5")]
    [InlineData("priceCents", "\"1250\"")]
    [InlineData("stock", "1.0")]
    public void ProductUpsert_NumberNotWhole_ReportsField(string field, string json)
    {
        var parsed = ParseProduct(A.ProductBody().SetJson(field, json));

        AssertOnlyProblem(parsed, field, "must be a whole number");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100_000_000, 1_000_000)]
    public void ProductUpsert_NumbersAtBounds_AreAccepted(long price, int stock)
    {
        var parsed = ParseProduct(A.ProductBody().Set("priceCents", price).Set("stock", stock));

        Assert.Equal((price, stock), (parsed.Value!.PriceCents, parsed.Value.Stock));
    }

    [Fact]
    public void ProductUpsert_SkuInBody_ReportsUnknownField()
    {
        var parsed = ParseProduct(A.ProductBody().Set("sku", "OTHER-1"));

        AssertOnlyProblem(parsed, "sku", "is not a known field");
    }

    [Fact]
    public void ProductUpsert_NameWithControlCharacter_ReportsName()
    {
        var parsed = ParseProduct(A.ProductBody().Set("name", "Widget\u0007"));

        AssertOnlyProblem(parsed, "name", "must not contain control characters");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("    ")]
    public void ProductUpsert_BlankName_ReportsName(string name)
    {
        var parsed = ParseProduct(A.ProductBody().Set("name", name));

        Assert.False(parsed.IsValid);
        Assert.Equal(["name"], Fields(parsed));
    }
}
