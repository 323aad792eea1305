using System.Net;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>An order whose card is declined ends declined, with a decline mail and its stock untouched.</summary>
public sealed class DeclinedPaymentTests(PlatformFixture platform)
{
    private readonly Api _api = new(platform);

    [Fact]
    public async Task PlaceOrder_DeclinedCard_EndsDeclinedWithDeclineMailAndStockUntouched()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);

        // Act
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2).PaidWith("pm_card_declined"));

        // Assert
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await _api.WaitForStatusAsync(orderId, "declined");

        var declined = $"Payment for order {orderId} was declined";
        var subjects = await Poll.UntilAsync(
            () => Task.FromResult(platform.SubjectsAbout(orderId)),
            s => s.Contains(declined),
            TimeSpan.FromSeconds(30),
            $"the decline mail of {orderId}");
        Assert.Single(subjects, declined);
        Assert.DoesNotContain($"Your order {orderId} is confirmed", subjects);
        Assert.Contains("Payment Failed", platform.EventsMentioning(orderId));
        Assert.DoesNotContain("Payment Processed", platform.EventsMentioning(orderId));

        var product = await platform.GetProductAsync(sku);
        Assert.NotNull(product);
        Assert.Equal(10, product.Stock);
        Assert.Equal("declined", await _api.GetOrderStatusAsync(orderId));
    }
}
