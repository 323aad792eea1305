using System.Collections.Concurrent;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Tests.Database;

public sealed class DynamoDbProductStoreTests(TableFixture table) : IClassFixture<TableFixture>
{
    private readonly FakeTime time = new();
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAsync_NewProduct_CanBeReadBack()
    {
        var sut = CreateSut();
        var product = A.Product();

        await sut.PutAsync(product, ct);

        Assert.Equal(product, await sut.GetAsync(product.Sku, ct));
    }

    [Fact]
    public async Task GetManyAsync_SomeUnknown_ReturnsTheFoundOnes()
    {
        var sut = CreateSut();
        var first = A.Product();
        var second = A.Product();
        await sut.PutAsync(first, ct);
        await sut.PutAsync(second, ct);

        var found = await sut.GetManyAsync([first.Sku, second.Sku, first.Sku, A.UniqueId("sku")], ct);

        Assert.Equal(2, found.Count);
        Assert.Equal(first, found[first.Sku]);
        Assert.Equal(second, found[second.Sku]);
    }

    [Fact]
    public async Task ReserveAsync_EnoughStock_TakesStock()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);

        var reservation = await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(new Reservation(ReservationOutcome.Reserved, 3), reservation);
        Assert.Equal(3, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task ReserveAsync_SameOrderTwice_ReturnsAlreadyReservedWithoutTakingMore()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        var reservation = await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(new Reservation(ReservationOutcome.AlreadyReserved, 3), reservation);
    }

    [Fact]
    public async Task ReserveAsync_NotEnoughStock_ReturnsInsufficientAndTakesNothing()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 1);

        var reservation = await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(new Reservation(ReservationOutcome.InsufficientStock, 1), reservation);
    }

    [Fact]
    public async Task ReserveAsync_UnknownSku_ReturnsNotFoundAndCreatesNothing()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");

        var reservation = await sut.ReserveAsync(sku, "ord_1", 1, ct);

        Assert.Equal(new Reservation(ReservationOutcome.NotFound, 0), reservation);
        Assert.Null(await sut.GetAsync(sku, ct));
    }

    [Fact]
    public async Task ReleaseAsync_ReservedOrder_GivesStockBackOnce()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        await sut.ReleaseAsync(product.Sku, "ord_1", 2, ct);
        await sut.ReleaseAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(5, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task ReleaseAsync_OrderWithoutReservation_DoesNothing()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);

        await sut.ReleaseAsync(product.Sku, "ord_1", 2, ct);
        await sut.ReleaseAsync(A.UniqueId("sku"), "ord_1", 2, ct);

        Assert.Equal(5, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task ReleaseAsync_AfterForgetReservation_DoesNothing()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        await sut.ForgetReservationAsync(product.Sku, "ord_1", ct);
        await sut.ReleaseAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(3, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task ForgetReservationAsync_UnknownSku_CreatesNothing()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");

        await sut.ForgetReservationAsync(sku, "ord_1", ct);

        Assert.Null(await sut.GetAsync(sku, ct));
    }

    [Fact]
    public async Task PutAsync_ExistingProductWithReservation_KeepsReservation()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        await sut.PutAsync(product with { Stock = 100 }, ct);
        var reservation = await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);

        Assert.Equal(new Reservation(ReservationOutcome.AlreadyReserved, 100), reservation);
    }

    [Fact]
    public async Task ReserveAsync_ManyConcurrentOrders_NeverOversells()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 10);
        var orderIds = Enumerable.Range(0, 40).Select(i => $"ord_{i:D2}").ToList();
        var outcomes = new ConcurrentBag<(string OrderId, Reservation Reservation)>();

        // Every order twice, as a re-delivered event would; all at once.
        await Task.WhenAll(orderIds.Concat(orderIds).Select(async orderId =>
            outcomes.Add((orderId, await sut.ReserveAsync(product.Sku, orderId, 1, ct)))));

        var reserved = outcomes.Where(o => o.Reservation.Outcome == ReservationOutcome.Reserved).Select(o => o.OrderId).ToList();
        Assert.Equal(10, reserved.Count);
        Assert.Equal(10, reserved.Distinct().Count());
        Assert.All(outcomes, o => Assert.True(o.Reservation.StockAfter >= 0));
        Assert.All(
            outcomes.Where(o => o.Reservation.Outcome == ReservationOutcome.AlreadyReserved),
            o => Assert.Contains(o.OrderId, reserved));
        Assert.All(
            outcomes.Where(o => !reserved.Contains(o.OrderId)),
            o => Assert.Equal(ReservationOutcome.InsufficientStock, o.Reservation.Outcome));
        Assert.Equal(0, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task TryClaimLowStockAlertAsync_ClaimedTwice_SucceedsOnceUntilCleared()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 1);

        var first = await sut.TryClaimLowStockAlertAsync(product.Sku, ct);
        var second = await sut.TryClaimLowStockAlertAsync(product.Sku, ct);
        await sut.ClearLowStockAlertAsync(product.Sku, ct);
        var afterClear = await sut.TryClaimLowStockAlertAsync(product.Sku, ct);

        Assert.True(first);
        Assert.False(second);
        Assert.True(afterClear);
    }

    [Fact]
    public async Task TryClaimLowStockAlertAsync_ProductPutAgain_KeepsClaim()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 1);
        await sut.TryClaimLowStockAlertAsync(product.Sku, ct);

        await sut.PutAsync(product with { Name = "Renamed" }, ct);

        Assert.False(await sut.TryClaimLowStockAlertAsync(product.Sku, ct));
    }

    [Fact]
    public async Task TryClaimLowStockAlertAsync_UnknownSku_ReturnsFalseAndCreatesNothing()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");

        var claimed = await sut.TryClaimLowStockAlertAsync(sku, ct);
        await sut.ClearLowStockAlertAsync(sku, ct);

        Assert.False(claimed);
        Assert.Null(await sut.GetAsync(sku, ct));
    }

    [Fact]
    public async Task ImportAsync_NewProduct_WritesItWithTheRowsValues()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");

        var write = await sut.ImportAsync(new ProductUpsert(sku, "Widget", 1_250, 40), Mark(0, "imp_a"), 2, A.Now, ct);

        Assert.Equal(new ImportWrite(ImportWriteOutcome.Written), write);
        Assert.Equal(new Product(sku, "Widget", 1_250, 40, A.Now), await sut.GetAsync(sku, ct));
    }

    [Fact]
    public async Task ImportAsync_SameImportAndLineAgain_WritesNothingAndSaysAlreadyWritten()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ImportAsync(new ProductUpsert(product.Sku, "Widget", 1_250, 40), Mark(0, "imp_a"), 2, A.Now, ct);
        await sut.ReserveAsync(product.Sku, "ord_1", 3, ct);

        var write = await sut.ImportAsync(new ProductUpsert(product.Sku, "Widget", 1_250, 40), Mark(0, "imp_a"), 2, A.Now.AddMinutes(1), ct);

        Assert.Equal(new ImportWrite(ImportWriteOutcome.AlreadyWritten), write);
        Assert.Equal(37, (await sut.GetAsync(product.Sku, ct))!.Stock);
    }

    [Fact]
    public async Task ImportAsync_SameImportOtherLine_IsADuplicateOfTheFirstLine()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");
        await sut.ImportAsync(new ProductUpsert(sku, "First", 100, 1), Mark(0, "imp_a"), 2, A.Now, ct);

        var write = await sut.ImportAsync(new ProductUpsert(sku, "Second", 200, 2), Mark(0, "imp_a"), 9, A.Now, ct);

        Assert.Equal(new ImportWrite(ImportWriteOutcome.Duplicate, 2), write);
        Assert.Equal("First", (await sut.GetAsync(sku, ct))!.Name);
    }

    [Fact]
    public async Task ImportAsync_ImportStartedLater_OverwritesAndAnEarlierOneIsSuperseded()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");
        await sut.ImportAsync(new ProductUpsert(sku, "Older", 100, 1), Mark(0, "imp_b"), 2, A.Now, ct);

        var newer = await sut.ImportAsync(new ProductUpsert(sku, "Newer", 200, 2), Mark(1, "imp_a"), 2, A.Now, ct);
        var older = await sut.ImportAsync(new ProductUpsert(sku, "Older", 100, 1), Mark(0, "imp_b"), 3, A.Now, ct);

        Assert.Equal((ImportWriteOutcome.Written, ImportWriteOutcome.Superseded), (newer.Outcome, older.Outcome));
        Assert.Equal("Newer", (await sut.GetAsync(sku, ct))!.Name);
    }

    [Fact]
    public async Task ImportAsync_TwoImportsStartedInTheSameTick_AreOrderedByImportId()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");
        await sut.ImportAsync(new ProductUpsert(sku, "A", 100, 1), Mark(0, "imp_a"), 2, A.Now, ct);

        var b = await sut.ImportAsync(new ProductUpsert(sku, "B", 100, 1), Mark(0, "imp_b"), 2, A.Now, ct);
        var a = await sut.ImportAsync(new ProductUpsert(sku, "A", 100, 1), Mark(0, "imp_a"), 3, A.Now, ct);

        Assert.Equal((ImportWriteOutcome.Written, ImportWriteOutcome.Superseded), (b.Outcome, a.Outcome));
    }

    [Fact]
    public async Task ImportAsync_ExistingProduct_KeepsItsReservationsAndAlertFlag()
    {
        var sut = CreateSut();
        var product = await StockedAsync(sut, stock: 5);
        await sut.ReserveAsync(product.Sku, "ord_1", 2, ct);
        await sut.TryClaimLowStockAlertAsync(product.Sku, ct);

        await sut.ImportAsync(new ProductUpsert(product.Sku, "Widget", 1_250, 50), Mark(0, "imp_a"), 2, A.Now, ct);

        await sut.ReleaseAsync(product.Sku, "ord_1", 2, ct);
        Assert.Equal(52, (await sut.GetAsync(product.Sku, ct))!.Stock);
        Assert.False(await sut.TryClaimLowStockAlertAsync(product.Sku, ct));
    }

    [Fact]
    public async Task ImportAsync_PutProductAfterTheImport_IsNotUndoneByARetryOfThatImport()
    {
        var sut = CreateSut();
        var sku = A.UniqueId("sku");
        await sut.ImportAsync(new ProductUpsert(sku, "Imported", 100, 1), Mark(0, "imp_a"), 2, A.Now, ct);
        await sut.PutAsync(new Product(sku, "Edited", 300, 3, A.Now.AddMinutes(1)), ct);

        var retry = await sut.ImportAsync(new ProductUpsert(sku, "Imported", 100, 1), Mark(0, "imp_a"), 2, A.Now.AddMinutes(2), ct);

        Assert.Equal(ImportWriteOutcome.AlreadyWritten, retry.Outcome);
        Assert.Equal("Edited", (await sut.GetAsync(sku, ct))!.Name);
    }

    private static ImportMark Mark(int minutes, string importId) => new(A.Now.AddMinutes(minutes), importId);

    private DynamoDbProductStore CreateSut() => new(table.Client, table.TableName, time);

    private async Task<Product> StockedAsync(DynamoDbProductStore sut, int stock)
    {
        var product = A.Product(stock: stock);
        await sut.PutAsync(product, ct);
        return product;
    }
}
