using System.Net;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>dynalite killed while an order is in flight, on a platform of its own: the runner restarts it with its data and the order completes once.</summary>
public sealed class DynaliteCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PlatformFixture _platform = new(options => options);
    private Api _api = null!;

    public async ValueTask InitializeAsync()
    {
        await _platform.InitializeAsync();
        _api = new Api(_platform);
    }

    [Fact]
    public async Task Dynalite_KilledWhileOrderIsInFlight_RestartedWithItsDataAndOrderCompletesOnce()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var crashed = _platform.DynaliteProcessId();
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;

        // Act
        await Signals.KillAsync(crashed);
        await Poll.UntilAsync(() => _platform.Log.Contains("dynalite is back", StringComparison.Ordinal), Deadline, "the runner to restart dynalite");

        // Assert
        Assert.Contains("dynalite (DynamoDB) exited", _platform.Log, StringComparison.Ordinal);
        Assert.NotEqual(crashed, _platform.DynaliteProcessId());
        var customerAfter = await _api.SendAsync(HttpMethod.Get, "/users/" + customer.Id);
        Assert.True(customerAfter.Status == HttpStatusCode.OK, customerAfter.ToString());
        await _api.WaitForStatusAsync(orderId, "reserved");
        string[] expected = [$"We received your order {orderId}", $"Your order {orderId} is confirmed"];
        await Poll.UntilAsync(() => Task.FromResult(_platform.SubjectsAbout(orderId)), s => expected.All(s.Contains), Deadline, $"the mails of {orderId}");
        await Poll.UntilAsync(() => _platform.PendingWorkMentioningAsync(orderId), pending => pending.Count == 0, TimeSpan.FromSeconds(60), $"the work about {orderId} to settle");
        Assert.Equal(expected.Order(StringComparer.Ordinal), _platform.SubjectsAbout(orderId).Order(StringComparer.Ordinal));
        Assert.Single(_platform.ChargesOf(orderId));
        Assert.DoesNotContain("Payment Failed", _platform.EventsMentioning(orderId));
        Assert.Equal(8, (await _platform.GetProductAsync(sku))?.Stock);
        Assert.Empty(_platform.FailureQueuesMentioning(orderId));
    }

    [Fact]
    public async Task Requests_WhileDynaliteIsDown_Fail5xxLeavingNoPartialStateAndSucceedAfterItReturns()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var order = OrderRequest.For(customer.Id).With(sku, 2);
        var key = Guid.NewGuid().ToString("N");

        // Act
        ApiResponse duringOutage;
        ApiResponse readDuringOutage;
        await _platform.Platform.DynamoDb.BeginOutageAsync();
        try
        {
            duringOutage = await _api.PlaceOrderAsync(order, key);
            readDuringOutage = await _api.SendAsync(HttpMethod.Get, "/users/" + customer.Id);
        }
        finally
        {
            _platform.Platform.DynamoDb.EndOutage();
        }

        await Poll.UntilAsync(() => _platform.Log.Contains("dynalite is back", StringComparison.Ordinal), Deadline, "the runner to restart dynalite");
        var afterOutage = await _api.PlaceOrderAsync(order, key);

        // Assert
        Assert.True((int)duringOutage.Status >= 500, duringOutage.ToString());
        Assert.True((int)readDuringOutage.Status >= 500, readDuringOutage.ToString());
        Assert.True(afterOutage.Status == HttpStatusCode.Created, afterOutage.ToString());
        Assert.False(afterOutage.Headers.Contains("idempotent-replayed"), "The failed request left an idempotency record behind.");
        var orderId = afterOutage.Json.GetProperty("id").GetString()!;
        await _api.WaitForStatusAsync(orderId, "reserved");
        Assert.Single(_platform.EventsMentioning(customer.Id), "Order Created");
        Assert.Single(_platform.ChargesOf(orderId));
        Assert.Equal(8, (await _platform.GetProductAsync(sku))?.Stock);
    }

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
