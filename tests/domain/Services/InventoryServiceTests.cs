using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class InventoryServiceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryOrderStore _orders = new();
    private readonly InMemoryProductStore _products = new();
    private readonly RecordingEventPublisher _events = new();

    public InventoryServiceTests() =>
        _products.Seed(A.Product().WithSku("WIDGET-1").WithStock(10).Build(), A.Product().WithSku("GADGET-7").WithStock(5).Build());

    private InventoryService CreateSut() => new(_orders, _products, _events, _time);

    private Order SeedPaid(params (string Sku, int Quantity)[] lines)
    {
        var builder = A.Order().Charged();
        foreach (var (sku, quantity) in lines)
        {
            builder.WithLine(sku, quantity);
        }

        var order = builder.Build();
        _orders.Seed(order);
        return order;
    }

    [Fact]
    public async Task ReserveForOrderAsync_EnoughStock_ReservesEveryLineAndPublishesLevels()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 3));
        var sut = CreateSut();

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Reserved, result);
        Assert.Equal(OrderStatus.Reserved, _orders[order.Id].Status);
        Assert.Equal(8, _products.StockOf("WIDGET-1"));
        Assert.Equal(2, _products.StockOf("GADGET-7"));
        Assert.False(_products.HoldsMarker("WIDGET-1", order.Id));
        Assert.False(_products.HoldsMarker("GADGET-7", order.Id));
        var detail = _events.SingleDetail(EventContracts.InventoryUpdated);
        Assert.Equal("reservation", detail.GetProperty("reason").GetString());
        Assert.Equal(order.Id, detail.GetProperty("orderId").GetString());
        Assert.Equal(
            [("GADGET-7", 2), ("WIDGET-1", 8)],
            detail.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("sku").GetString(), i.GetProperty("stock").GetInt32())));
    }

    [Fact]
    public async Task ReserveForOrderAsync_OneLineShort_BackordersAndGivesBackEarlierLines()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 6));
        var sut = CreateSut();

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Backordered, result);
        Assert.Equal(OrderStatus.Backordered, _orders[order.Id].Status);
        Assert.Equal(10, _products.StockOf("WIDGET-1"));
        Assert.Equal(5, _products.StockOf("GADGET-7"));
        Assert.False(_products.HoldsMarker("WIDGET-1", order.Id));
        Assert.Empty(_events.Published);
    }

    [Fact]
    public async Task ReserveForOrderAsync_UnknownProduct_Backorders()
    {
        var order = SeedPaid(("WIDGET-1", 1), ("GONE-1", 1));
        var sut = CreateSut();

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Backordered, result);
        Assert.Equal(10, _products.StockOf("WIDGET-1"));
    }

    [Fact]
    public async Task ReserveForOrderAsync_Redelivered_TakesNothingTwice()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 3));
        var sut = CreateSut();
        await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Reserved, result);
        Assert.Equal(8, _products.StockOf("WIDGET-1"));
        Assert.Equal(2, _products.StockOf("GADGET-7"));
        Assert.Equal(2, _events.Of(EventContracts.InventoryUpdated).Count);
    }

    [Fact]
    public async Task ReserveForOrderAsync_RedeliveredAfterCrashMidway_TakesOnlyMissingLines()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 3));
        await _products.ReserveAsync("WIDGET-1", order.Id, 2, Ct);
        var sut = CreateSut();

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Reserved, result);
        Assert.Equal(8, _products.StockOf("WIDGET-1"));
        Assert.Equal(2, _products.StockOf("GADGET-7"));
    }

    [Fact]
    public async Task ReserveForOrderAsync_RedeliveredAfterCrashMidwayThenShort_GivesBackEverything()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 6));
        await _products.ReserveAsync("WIDGET-1", order.Id, 2, Ct);
        var sut = CreateSut();

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Backordered, result);
        Assert.Equal(10, _products.StockOf("WIDGET-1"));
    }

    [Fact]
    public async Task ReserveForOrderAsync_RedeliveredAfterBackorder_TakesNothing()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 6));
        var sut = CreateSut();
        await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);
        _products.Seed(A.Product().WithSku("GADGET-7").WithStock(50).Build());

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Backordered, result);
        Assert.Equal(10, _products.StockOf("WIDGET-1"));
        Assert.Equal(50, _products.StockOf("GADGET-7"));
    }

    [Fact]
    public async Task ReserveForOrderAsync_StaleDeliveryAfterConcurrentReservation_GivesBackSecondHelping()
    {
        var order = SeedPaid(("WIDGET-1", 2), ("GADGET-7", 1));
        var sut = CreateSut();
        await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);
        var reads = 0;
        _orders.OnGet = (_, stored) => reads++ == 0 ? order : stored;

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(ReservationResult.Reserved, result);
        Assert.Equal(8, _products.StockOf("WIDGET-1"));
        Assert.Equal(4, _products.StockOf("GADGET-7"));
        Assert.False(_products.HoldsMarker("WIDGET-1", order.Id));
    }

    [Fact]
    public async Task ReserveForOrderAsync_StaleDeliveryShortAfterConcurrentReservation_ReportsReserved()
    {
        var order = SeedPaid(("WIDGET-1", 10));
        var sut = CreateSut();
        await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);
        var reads = 0;
        _orders.OnGet = (_, stored) => reads++ == 0 ? order : stored;

        var result = await sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct);

        Assert.Equal(OrderStatus.Reserved, _orders[order.Id].Status);
        Assert.Equal(0, _products.StockOf("WIDGET-1"));
        Assert.Equal(ReservationResult.Reserved, result);
    }

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Paying)]
    [InlineData(OrderStatus.Declined)]
    [InlineData(OrderStatus.Expired)]
    public async Task ReserveForOrderAsync_OrderNotPaid_ThrowsAndTakesNothing(OrderStatus status)
    {
        var order = A.Order().WithLine("WIDGET-1", 1).WithStatus(status).Build();
        _orders.Seed(order);
        var sut = CreateSut();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ReserveForOrderAsync(Details.PaymentProcessed(order), Ct));

        Assert.Equal(0, _products.ReserveCalls);
    }

    [Fact]
    public async Task ReserveForOrderAsync_UnknownOrder_Throws()
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ReserveForOrderAsync(Details.PaymentProcessed(A.Order().Build()), Ct));
    }

    [Fact]
    public async Task PutProductAsync_NewProduct_StoresAndPublishesRestock()
    {
        var sut = CreateSut();

        var product = await sut.PutProductAsync(new ProductUpsert("BOLT-9", "Bolt", 35, 400), Ct);

        Assert.Equal(new Product("BOLT-9", "Bolt", 35, 400, _time.GetUtcNow()), product);
        Assert.Equal(product, await sut.GetProductAsync("BOLT-9", Ct));
        var detail = _events.SingleDetail(EventContracts.InventoryUpdated);
        Assert.Equal("restock", detail.GetProperty("reason").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, detail.GetProperty("orderId").ValueKind);
        var level = Assert.Single(detail.GetProperty("items").EnumerateArray());
        Assert.Equal("BOLT-9", level.GetProperty("sku").GetString());
        Assert.Equal(400, level.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task PutProductAsync_ExistingProduct_ReplacesStock()
    {
        var sut = CreateSut();

        await sut.PutProductAsync(new ProductUpsert("WIDGET-1", "Widget v2", 1_500, 0), Ct);

        Assert.Equal(0, _products.StockOf("WIDGET-1"));
        Assert.Equal(0, _events.SingleDetail(EventContracts.InventoryUpdated).GetProperty("items")[0].GetProperty("stock").GetInt32());
    }
}
