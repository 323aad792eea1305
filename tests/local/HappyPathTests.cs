using System.Net;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>An order placed through the gateway goes through payment and reservation to its final state.</summary>
public sealed class HappyPathTests(PlatformFixture platform)
{
    private readonly Api _api = new(platform);

    [Fact]
    public async Task PlaceOrder_ValidOrderOfTwoProducts_ReachesReservedWithMailsStockAnalyticsAndEmptyDeadLetterQueues()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var lamp = await _api.CreateProductAsync(stock: 10, priceCents: 1250);
        var chair = await _api.CreateProductAsync(stock: 5, priceCents: 800);

        // Act
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(lamp, 3).With(chair, 2), idempotencyKey: Guid.NewGuid().ToString("N"));

        // Assert
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        Assert.Equal("pending", created.Json.GetProperty("status").GetString());
        await _api.WaitForStatusAsync(orderId, "reserved");

        string[] expected = [$"We received your order {orderId}", $"Your order {orderId} is confirmed"];
        var subjects = await Poll.UntilAsync(
            () => Task.FromResult(platform.SubjectsAbout(orderId)),
            s => expected.All(s.Contains),
            TimeSpan.FromSeconds(30),
            $"the received and confirmation mails of {orderId}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
        Assert.All(platform.MailsTo(customer.Email), mail => Assert.Contains(orderId, mail.Subject, StringComparison.Ordinal));

        Assert.Equal(7, (await platform.GetProductAsync(lamp))?.Stock);
        Assert.Equal(3, (await platform.GetProductAsync(chair))?.Stock);

        var order = await platform.GetOrderAsync(orderId);
        Assert.NotNull(order);
        Assert.Equal((3 * 1250) + (2 * 800), order.TotalCents);
        var day = DateOnly.FromDateTime(order.CreatedAt.UtcDateTime);
        var counted = await Poll.UntilAsync(
            () => platform.GetAnalyticsCountedTotalAsync(day, orderId),
            total => total is not null,
            TimeSpan.FromSeconds(30),
            $"order-created to count {orderId} in the analytics of {day}");
        Assert.Equal(order.TotalCents, counted);
        var totals = await platform.GetDailyTotalsAsync(day);
        Assert.True(totals.Orders >= 1 && totals.RevenueCents >= order.TotalCents, $"The totals of {day} do not include {orderId}: {totals}");

        Assert.Single(platform.EventsMentioning(orderId), "Order Created");
        Assert.Empty(platform.FailureQueuesMentioning(orderId));
        Assert.Empty(platform.FailureQueuesMentioning(lamp));
        Assert.Empty(platform.FailureQueuesMentioning(chair));
    }

    [Fact]
    public async Task PlaceOrder_SameIdempotencyKeyAndBody_ReturnsFirstOrderAndCreatesNothingNew()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var order = OrderRequest.For(customer.Id).With(sku, 1);
        var key = Guid.NewGuid().ToString("N");
        var first = await _api.PlaceOrderAsync(order, key);

        // Act
        var replayed = await _api.PlaceOrderAsync(order, key);

        // Assert
        Assert.True(first.Status == HttpStatusCode.Created, first.ToString());
        Assert.True(replayed.Status == HttpStatusCode.Created, replayed.ToString());
        var orderId = first.Json.GetProperty("id").GetString()!;
        Assert.Equal(orderId, replayed.Json.GetProperty("id").GetString());
        Assert.Equal("true", Assert.Single(replayed.Headers.GetValues("idempotent-replayed")));
        Assert.Single(platform.EventsMentioning(customer.Id), "Order Created");
    }
}
