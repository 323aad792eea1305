using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>Duplicates, as at-least-once delivery and retrying clients produce them: one order, one charge, one mail of each kind.</summary>
public sealed class DuplicateDeliveryTests(PlatformFixture platform)
{
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(platform);
    private readonly RunnerApi _runner = new(platform);

    [Fact]
    public async Task PlaceOrder_TwoIdenticalRequestsAtTheSameMoment_OneOrderOneChargeOneMailOfEachKind()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var order = OrderRequest.For(customer.Id).With(sku, 2);
        var key = Guid.NewGuid().ToString("N");

        // Act
        var answers = await Task.WhenAll(_api.PlaceOrderAsync(order, key), _api.PlaceOrderAsync(order, key));

        // Assert
        Assert.All(answers, answer => Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString()));
        var orderId = Assert.Single(answers.Select(a => a.Json.GetProperty("id").GetString()!).Distinct());
        await AssertCompletedOnceAsync(orderId, sku);
    }

    [Fact]
    public async Task OrderEvents_DeliveredTwice_ChargedOnceStockReservedOnceOneMailOfEachKind()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await AssertCompletedOnceAsync(orderId, sku);

        // Act
        foreach (var detailType in new[] { "Order Created", "Payment Processed" })
        {
            var original = platform.Platform.Bus.Recent.First(e => e.DetailType == detailType && e.EventJson.Contains(orderId, StringComparison.Ordinal));
            using var envelope = JsonDocument.Parse(original.EventJson);
            var again = new JsonObject
            {
                ["source"] = original.Source,
                ["detailType"] = detailType,
                ["detail"] = JsonNode.Parse(envelope.RootElement.GetProperty("detail").GetRawText()),
            };
            var put = await _runner.PostAsync("/_local/api/put-event", again.ToJsonString());
            Assert.True(put.Status == HttpStatusCode.OK, put.ToString());
        }

        // Assert
        await AssertCompletedOnceAsync(orderId, sku);
        Assert.Equal(2, platform.EventsMentioning(orderId).Count(e => e == "Order Created"));
    }

    private async Task AssertCompletedOnceAsync(string orderId, string sku)
    {
        await _api.WaitForStatusAsync(orderId, "reserved");
        string[] expected = [$"We received your order {orderId}", $"Your order {orderId} is confirmed"];
        await Poll.UntilAsync(
            () => Task.FromResult(platform.SubjectsAbout(orderId)),
            s => expected.All(s.Contains),
            TimeSpan.FromSeconds(30),
            $"the received and confirmation mails of {orderId}");
        await Poll.UntilAsync(() => platform.PendingWorkMentioningAsync(orderId), pending => pending.Count == 0, SettleDeadline, $"the work about {orderId} to settle");

        Assert.Equal(expected.Order(StringComparer.Ordinal), platform.SubjectsAbout(orderId).Order(StringComparer.Ordinal));
        Assert.Single(platform.ChargesOf(orderId));
        Assert.DoesNotContain("Payment Failed", platform.EventsMentioning(orderId));
        Assert.Equal("reserved", await _api.GetOrderStatusAsync(orderId));
        Assert.Equal(8, (await platform.GetProductAsync(sku))?.Stock);
        Assert.Empty(platform.FailureQueuesMentioning(orderId));
    }
}
