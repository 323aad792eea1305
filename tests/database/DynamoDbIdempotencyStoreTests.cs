using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Tests.Database;

public sealed class DynamoDbIdempotencyStoreTests(TableFixture table) : IClassFixture<TableFixture>
{
    private readonly FakeTime time = new();
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetOrAddAsync_NewKey_StoresAndReturnsRecord()
    {
        var sut = CreateSut();
        var record = Record(A.UniqueId("key"), "ord_1");

        var held = await sut.GetOrAddAsync(record, ct);

        Assert.Equal(record, held);
        Assert.Equal(record, await sut.GetAsync(record.Key, ct));
    }

    [Fact]
    public async Task GetOrAddAsync_ExistingKey_ReturnsExistingRecord()
    {
        var sut = CreateSut();
        var key = A.UniqueId("key");
        var first = Record(key, "ord_1");
        await sut.GetOrAddAsync(first, ct);

        var held = await sut.GetOrAddAsync(Record(key, "ord_2"), ct);

        Assert.Equal(first, held);
    }

    [Fact]
    public async Task GetOrAddAsync_ParallelCallers_AllGetTheSingleWinner()
    {
        var sut = CreateSut();
        var key = A.UniqueId("key");
        var records = Enumerable.Range(0, 20).Select(i => Record(key, $"ord_{i}")).ToList();

        var held = await Task.WhenAll(records.Select(record => sut.GetOrAddAsync(record, ct)));

        var winner = Assert.Single(held.Distinct());
        Assert.Contains(winner, records);
        Assert.Equal(winner, await sut.GetAsync(key, ct));
    }

    [Fact]
    public async Task GetOrAddAsync_ExpiredRecord_ReplacesIt()
    {
        var sut = CreateSut();
        var key = A.UniqueId("key");
        await sut.GetOrAddAsync(Record(key, "ord_old"), ct);
        time.Advance(TimeSpan.FromHours(25));
        var fresh = Record(key, "ord_new");

        var held = await sut.GetOrAddAsync(fresh, ct);

        Assert.Equal(fresh, held);
        Assert.Equal(fresh, await sut.GetAsync(key, ct));
    }

    [Fact]
    public async Task GetAsync_ExpiredRecord_ReturnsNull()
    {
        var sut = CreateSut();
        var record = Record(A.UniqueId("key"), "ord_1");
        await sut.GetOrAddAsync(record, ct);
        time.Advance(TimeSpan.FromHours(25));

        Assert.Null(await sut.GetAsync(record.Key, ct));
    }

    [Fact]
    public async Task CompleteAsync_ExistingRecord_MarksItCompleted()
    {
        var sut = CreateSut();
        var record = Record(A.UniqueId("key"), "ord_1");
        await sut.GetOrAddAsync(record, ct);

        await sut.CompleteAsync(record.Key, ct);

        Assert.True((await sut.GetAsync(record.Key, ct))!.Completed);
    }

    private DynamoDbIdempotencyStore CreateSut() => new(table.Client, table.TableName, time);

    // Whole seconds, as the TTL attribute stores them.
    private IdempotencyRecord Record(string key, string resourceId) =>
        new(key, "hash-" + resourceId, resourceId, Completed: false, DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().AddHours(24).ToUnixTimeSeconds()));
}
