using Platform.Functions.GetOrder;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class GetOrderHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ExistingOrder_Returns200WithStatusAndLines()
    {
        var customer = await platform.CreateUserAsync();
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 10);
        var orderId = await platform.CreateOrderAsync(customer, "pm_card_visa", ("WIDGET-1", 2));

        var response = await InvokeAsync(Requests.GetOrder(orderId).Build());

        Assert.Equal(200, response.StatusCode);
        var order = Responses.Json(response);
        Assert.Equal(orderId, order.GetProperty("id").GetString());
        Assert.Equal(customer, order.GetProperty("customerId").GetString());
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal(2500, order.GetProperty("totalCents").GetInt64());
        Assert.False(order.TryGetProperty("paymentId", out _));
        Assert.False(order.TryGetProperty("paymentMethod", out _));
    }

    [Fact]
    public async Task HandleAsync_UnknownOrder_Returns404()
    {
        var response = await InvokeAsync(Requests.GetOrder("ord_0000000000000000000000000000000").Build());

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("not_found", Responses.ErrorCode(response));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("usr_19abc0de1f07d3c5a9e1b2f4c6d8e0a")]
    [InlineData("ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a0")]
    [InlineData("ORD_19abc0de1f07d3c5a9e1b2f4c6d8e0a")]
    [InlineData("ord_19abc0de1f07d3c5a9e1b2f4c6d8e0ä")]
    public async Task HandleAsync_MalformedId_Returns400NamingIt(string id)
    {
        var response = await InvokeAsync(Requests.GetOrder(id).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("is not a valid identifier", Responses.FieldErrors(response)["id"]);
    }

    private GetOrderHandler CreateSut() => platform.GetOrderHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("get-order"));
}
