using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Tests.Database;

public sealed class DynamoDbOrderStoreTests(TableFixture table) : IClassFixture<TableFixture>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_NewOrder_CanBeReadBack()
    {
        var sut = CreateSut();
        var order = A.Order().Build();

        var created = await sut.CreateAsync(order, ct);

        Assert.True(created);
        var stored = await sut.GetAsync(order.Id, ct);
        Assert.NotNull(stored);
        Assert.Equal(order.Lines, stored.Lines);
        Assert.Equal(order with { Lines = stored.Lines }, stored);
    }

    [Fact]
    public async Task CreateAsync_SameIdTwice_ReturnsFalseAndKeepsFirst()
    {
        var sut = CreateSut();
        var order = A.Order().Build();
        await sut.CreateAsync(order, ct);

        var created = await sut.CreateAsync(order with { TotalCents = 1 }, ct);

        Assert.False(created);
        Assert.Equal(order.TotalCents, (await sut.GetAsync(order.Id, ct))!.TotalCents);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await CreateSut().GetAsync(A.UniqueId("ord"), ct));
    }

    [Fact]
    public async Task TransitionAsync_FromExpectedStatus_MovesOrderAndWritesValues()
    {
        var sut = CreateSut();
        var order = A.Order().WithStatus(OrderStatus.Paying).Build();
        await sut.CreateAsync(order, ct);
        var at = A.Now.AddMinutes(1);

        var moved = await sut.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Paying, OrderStatus.Paid, at, PaymentId: "pay_1"), ct);

        Assert.True(moved);
        var stored = await sut.GetAsync(order.Id, ct);
        Assert.Equal(OrderStatus.Paid, stored!.Status);
        Assert.Equal(at, stored.UpdatedAt);
        Assert.Equal("pay_1", stored.PaymentId);
        Assert.Null(stored.DeclineReason);
    }

    [Fact]
    public async Task TransitionAsync_FromOtherStatus_ReturnsFalseAndLeavesOrder()
    {
        var sut = CreateSut();
        var order = A.Order().Build();
        await sut.CreateAsync(order, ct);

        var moved = await sut.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Paying, OrderStatus.Declined, A.Now, DeclineReason: "card_declined"), ct);

        Assert.False(moved);
        var stored = await sut.GetAsync(order.Id, ct);
        Assert.Equal(OrderStatus.Pending, stored!.Status);
        Assert.Null(stored.DeclineReason);
    }

    [Fact]
    public async Task TransitionAsync_UnknownOrder_ReturnsFalseAndCreatesNothing()
    {
        var sut = CreateSut();
        var id = A.UniqueId("ord");

        var moved = await sut.TransitionAsync(id, new OrderTransition(OrderStatus.Pending, OrderStatus.Expired, A.Now), ct);

        Assert.False(moved);
        Assert.Null(await sut.GetAsync(id, ct));
    }

    [Fact]
    public async Task ListPendingCreatedBeforeAsync_MixedOrders_ReturnsPendingBeforeCutoffOldestFirst()
    {
        // The listing sees every pending order in the table, so this test gets a table of its own.
        var day = new DateTimeOffset(1999, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var sut = await CreateSutOnOwnTableAsync();
        var older = A.Order().CreatedAt(day.AddMinutes(1)).Build();
        var old = A.Order().CreatedAt(day.AddMinutes(2)).Build();
        var paying = A.Order().CreatedAt(day.AddMinutes(3)).Build();
        var atCutoff = A.Order().CreatedAt(day.AddMinutes(10)).Build();
        var newer = A.Order().CreatedAt(day.AddMinutes(11)).Build();
        foreach (var order in new[] { newer, old, atCutoff, paying, older })
        {
            await sut.CreateAsync(order, ct);
        }

        await sut.TransitionAsync(paying.Id, new OrderTransition(OrderStatus.Pending, OrderStatus.Paying, day.AddMinutes(4)), ct);

        var ids = await sut.ListPendingCreatedBeforeAsync(day.AddMinutes(10), limit: 10, ct);

        Assert.Equal([older.Id, old.Id], ids);
    }

    [Fact]
    public async Task ListPendingCreatedBeforeAsync_MoreThanLimit_ReturnsOldestUpToLimit()
    {
        var day = new DateTimeOffset(1998, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var sut = await CreateSutOnOwnTableAsync();
        var orders = Enumerable.Range(0, 5).Select(i => A.Order().CreatedAt(day.AddSeconds(i)).Build()).ToList();
        foreach (var order in orders)
        {
            await sut.CreateAsync(order, ct);
        }

        var ids = await sut.ListPendingCreatedBeforeAsync(day.AddHours(1), limit: 3, ct);

        Assert.Equal(orders.Take(3).Select(o => o.Id), ids);
    }

    private DynamoDbOrderStore CreateSut() => new(table.Client, table.TableName);

    private async Task<DynamoDbOrderStore> CreateSutOnOwnTableAsync()
    {
        var tableName = "platform-test-" + Guid.NewGuid().ToString("N");
        await PlatformTable.EnsureCreatedAsync(table.Client, tableName, ct);
        return new DynamoDbOrderStore(table.Client, tableName);
    }
}
