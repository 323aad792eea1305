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

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
