using System.Text.Json.Nodes;
using Platform.Functions.PutProduct;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class PutProductHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_NewProduct_Returns200WithTheProduct()
    {
        var response = await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1250, 40).Build());

        Assert.Equal(200, response.StatusCode);
        var product = Responses.Json(response);
        Assert.Equal("WIDGET-1", product.GetProperty("sku").GetString());
        Assert.Equal(1250, product.GetProperty("priceCents").GetInt64());
        Assert.Equal(40, product.GetProperty("stock").GetInt32());
        Assert.Equal(40, await platform.StockAsync("WIDGET-1"));
    }

    [Fact]
    public async Task HandleAsync_NewProduct_PublishesRestockThatMeetsItsContract()
    {
        await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1250, 40).Build());

        var published = Assert.Single(platform.Aws.EventsOf("Inventory Updated"));
        var detail = EventReaders.InventoryUpdated(published.Source, published.DetailType, published.DetailJson);
        Assert.Equal("restock", detail.Reason);
        Assert.Null(detail.OrderId);
        Assert.Equal(("WIDGET-1", 40), (Assert.Single(detail.Items).Sku, detail.Items[0].Stock));
    }

    [Fact]
    public async Task HandleAsync_ExistingProduct_Returns200AndReplacesPriceAndStock()
    {
        await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1250, 40).Build());

        var response = await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget v2", 1500, 7).Build());

        Assert.Equal(200, response.StatusCode);
        var stored = await platform.Products.GetAsync("WIDGET-1", TestContext.Current.CancellationToken);
        Assert.Equal(("Widget v2", 1500L, 7), (stored!.Name, stored.PriceCents, stored.Stock));
        Assert.Equal(1, await platform.CountAsync("Product"));
    }

    [Fact]
    public async Task HandleAsync_UnicodeName_IsStoredTrimmed()
    {
        var response = await InvokeAsync(Requests.PutProduct("MUG-1", "  Café ☕ マグカップ  ", 900, 3).Build());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Café ☕ マグカップ", Responses.Json(response).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("widget-1")]
    [InlineData("WIDGET_1")]
    [InlineData("-WIDGET")]
    public async Task HandleAsync_MalformedSku_Returns400NamingIt(string sku)
    {
        var response = await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1250, 40).WithPathParameter("sku", sku).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("is not a valid identifier", Responses.FieldErrors(response)["sku"]);
        Assert.Equal(0, await platform.CountAsync("Product"));
    }

    [Theory]
    [InlineData("""{"name": "Widget", "priceCents": -1, "stock": 1}""", "priceCents", "must be between 0 and 100000000")]
    [InlineData("""{"name": "Widget", "priceCents": 100, "stock": -5}""", "stock", "must be between 0 and 1000000")]
    [InlineData("""{"name": "Widget", "priceCents": "100", "stock": 5}""", "priceCents", "must be a whole number")]
    [InlineData("""{"name": "Widget", "priceCents": 100, "stock": 5, "sku": "OTHER-1"}""", "sku", "is not a known field")]
    [InlineData("""{"priceCents": 100, "stock": 5}""", "name", "is required")]
    public async Task HandleAsync_InvalidBody_Returns400NamingTheField(string body, string field, string message)
    {
        var response = await InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1, 1).WithBody(body).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(message, Responses.FieldErrors(response)[field]);
        Assert.Empty(platform.Aws.Events);
    }

    [Fact]
    public async Task HandleAsync_Base64Body_Returns200()
    {
        var body = new JsonObject { ["name"] = "Gadget", ["priceCents"] = 500, ["stock"] = 3 }.ToJsonString();

        var response = await InvokeAsync(Requests.PutProduct("GADGET-7", "x", 1, 1).WithBase64Body(body).Build());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, await platform.StockAsync("GADGET-7"));
    }

    private PutProductHandler CreateSut() => platform.PutProductHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("put-product"));
}
