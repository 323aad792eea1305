using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class StockAlertServiceTests
{
    private const int Threshold = 5;
    private const string Operations = "ops@example.com";

    private readonly InMemoryProductStore _products = new();
    private readonly RecordingEmailSender _sender = new();

    private StockAlertService CreateSut() => new(_products, _sender, Operations, Threshold);

    private void Stock(string sku, int stock) => _products.Seed(A.Product().WithSku(sku).WithName("Widget").WithStock(stock).Build());

    [Fact]
    public async Task HandleAsync_StockBelowThreshold_SendsOneAlert()
    {
        Stock("WIDGET-1", 3);
        var sut = CreateSut();

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 3)), Ct);

        Assert.Equal(["WIDGET-1"], alerted);
        var mail = Assert.Single(_sender.Sent);
        Assert.Equal(Operations, mail.To);
        Assert.Equal("Low stock: WIDGET-1", mail.Subject);
        Assert.Contains("down to 3 units", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("threshold of 5", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_SecondEventWhileStillLow_SendsNoSecondAlert()
    {
        Stock("WIDGET-1", 3);
        var sut = CreateSut();
        await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 3)), Ct);
        Stock("WIDGET-1", 1);

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 1)), Ct);

        Assert.Empty(alerted);
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task HandleAsync_RestockAboveThresholdThenLowAgain_AlertsAgain()
    {
        Stock("WIDGET-1", 3);
        var sut = CreateSut();
        await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 3)), Ct);
        Stock("WIDGET-1", 50);
        var afterRestock = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 50)), Ct);
        Stock("WIDGET-1", 2);

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 2)), Ct);

        Assert.Empty(afterRestock);
        Assert.Equal(["WIDGET-1"], alerted);
        Assert.Equal(2, _sender.Sent.Count);
    }

    [Fact]
    public async Task HandleAsync_StockAtThreshold_SendsNothing()
    {
        Stock("WIDGET-1", Threshold);
        var sut = CreateSut();

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", Threshold)), Ct);

        Assert.Empty(alerted);
        Assert.Empty(_sender.Sent);
    }

    [Fact]
    public async Task HandleAsync_SendFails_RearmsAndRethrows()
    {
        Stock("WIDGET-1", 3);
        var sut = CreateSut();
        _sender.FailuresToInject = 1;

        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 3)), Ct));
        var claimedAfterFailure = _products.IsAlertClaimed("WIDGET-1");
        var retry = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 3)), Ct);

        Assert.False(claimedAfterFailure);
        Assert.Equal(["WIDGET-1"], retry);
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task HandleAsync_EventCarriesStaleLevel_UsesCurrentStock()
    {
        Stock("WIDGET-1", 50);
        var sut = CreateSut();

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 0)), Ct);

        Assert.Empty(alerted);
        Assert.Empty(_sender.Sent);
    }

    [Fact]
    public async Task HandleAsync_UnknownSku_IsIgnored()
    {
        Stock("WIDGET-1", 1);
        var sut = CreateSut();

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("GONE-1", 0), ("WIDGET-1", 1)), Ct);

        Assert.Equal(["WIDGET-1"], alerted);
    }

    [Fact]
    public async Task HandleAsync_SkuListedTwice_AlertsOnce()
    {
        Stock("WIDGET-1", 1);
        var sut = CreateSut();

        var alerted = await sut.HandleAsync(Details.InventoryUpdated(("WIDGET-1", 1), ("WIDGET-1", 1)), Ct);

        Assert.Equal(["WIDGET-1"], alerted);
        Assert.Single(_sender.Sent);
    }
}
