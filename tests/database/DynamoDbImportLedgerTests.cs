using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Tests.Database;

public sealed class DynamoDbImportLedgerTests(TableFixture table) : IClassFixture<TableFixture>
{
    private static readonly DateTimeOffset Start = A.Now;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task BeginAsync_NewVersion_StoresAndReturnsTheRecord()
    {
        var sut = CreateSut();
        var source = Source();
        var fresh = Fresh("lease-1");

        var held = await sut.BeginAsync(source, fresh, ct);

        Assert.Equal(fresh, held);
        Assert.Equal(fresh, await sut.BeginAsync(source, Fresh("lease-2"), ct));
    }

    [Fact]
    public async Task BeginAsync_ParallelDeliveries_AllGetTheSingleWinner()
    {
        var sut = CreateSut();
        var source = Source();

        var held = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => sut.BeginAsync(source, Fresh($"lease-{i}"), ct)));

        Assert.Single(held.Select(r => r.LeaseToken).Distinct());
    }

    [Fact]
    public async Task BeginAsync_OtherVersionOfTheSameKey_IsItsOwnRecord()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);

        var other = await sut.BeginAsync(source with { VersionId = "v2" }, Fresh("lease-2"), ct);

        Assert.Equal("lease-2", other.LeaseToken);
    }

    [Fact]
    public async Task BeginAsync_UnversionedObject_IsKeyedByItsETag()
    {
        var sut = CreateSut();
        var source = Source() with { VersionId = null };
        await sut.BeginAsync(source, Fresh("lease-1"), ct);

        var key = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = $"IMPORT#{source.Bucket}/{source.Key}" },
            ["SK"] = new() { S = "VERSION#" + source.ETag },
        };
        var item = await table.Client.GetItemAsync(new GetItemRequest { TableName = table.TableName, Key = key, ConsistentRead = true }, ct);

        Assert.Equal("Import", item.Item["entity"].S);
        Assert.Equal("processing", item.Item["stage"].S);
    }

    [Fact]
    public async Task TakeOverAsync_ExpectedToken_MovesTheLease()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);

        var taken = await sut.TakeOverAsync(source, "lease-1", "lease-2", Start.AddMinutes(20), ct);

        Assert.True(taken);
        var record = await sut.BeginAsync(source, Fresh("lease-3"), ct);
        Assert.Equal(("lease-2", Start.AddMinutes(20)), (record.LeaseToken, record.LeaseUntil));
    }

    [Fact]
    public async Task TakeOverAsync_TokenMovedMeanwhile_ReturnsFalse()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);
        await sut.TakeOverAsync(source, "lease-1", "lease-2", Start.AddMinutes(20), ct);

        var taken = await sut.TakeOverAsync(source, "lease-1", "lease-3", Start.AddMinutes(30), ct);

        Assert.False(taken);
    }

    [Fact]
    public async Task CompleteAsync_HolderOfTheLease_StoresTheOutcome()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);
        var outcome = new ImportOutcome(ImportStatus.Imported, null, new ImportCounts(10, 7, 2, 1), source.ReportKey, Start.AddSeconds(5));

        var completed = await sut.CompleteAsync(source, "lease-1", outcome, ct);

        Assert.True(completed);
        var record = await sut.BeginAsync(source, Fresh("lease-2"), ct);
        Assert.Equal((ImportStage.Completed, outcome), (record.Stage, record.Outcome));
    }

    [Fact]
    public async Task CompleteAsync_RejectedOutcome_KeepsTheReason()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);
        var outcome = new ImportOutcome(ImportStatus.Rejected, ImportReason.TooLarge, ImportCounts.Zero, source.ReportKey, Start);

        await sut.CompleteAsync(source, "lease-1", outcome, ct);

        Assert.Equal(outcome, (await sut.BeginAsync(source, Fresh("lease-2"), ct)).Outcome);
    }

    [Fact]
    public async Task CompleteAsync_OtherTokenOrAlreadyCompleted_ReturnsFalse()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);
        var outcome = new ImportOutcome(ImportStatus.Imported, null, ImportCounts.Zero, source.ReportKey, Start);

        var byOther = await sut.CompleteAsync(source, "lease-2", outcome, ct);
        await sut.CompleteAsync(source, "lease-1", outcome, ct);
        var twice = await sut.CompleteAsync(source, "lease-1", outcome with { Counts = new ImportCounts(1, 1, 0, 0) }, ct);

        Assert.False(byOther);
        Assert.False(twice);
        Assert.Equal(ImportCounts.Zero, (await sut.BeginAsync(source, Fresh("lease-3"), ct)).Outcome!.Counts);
    }

    [Fact]
    public async Task MarkPublishedAsync_HolderOfTheLease_MovesToPublished()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);
        await sut.CompleteAsync(source, "lease-1", new ImportOutcome(ImportStatus.Imported, null, ImportCounts.Zero, source.ReportKey, Start), ct);

        var byOther = await sut.MarkPublishedAsync(source, "lease-2", ct);
        var published = await sut.MarkPublishedAsync(source, "lease-1", ct);

        Assert.False(byOther);
        Assert.True(published);
        Assert.Equal(ImportStage.Published, (await sut.BeginAsync(source, Fresh("lease-3"), ct)).Stage);
    }

    [Fact]
    public async Task ReleaseAsync_HolderOfTheLease_EndsItNowAndOthersCannot()
    {
        var sut = CreateSut();
        var source = Source();
        await sut.BeginAsync(source, Fresh("lease-1"), ct);

        await sut.ReleaseAsync(source, "lease-2", Start.AddSeconds(1), ct);
        Assert.Equal(Start.AddMinutes(5), (await sut.BeginAsync(source, Fresh("x"), ct)).LeaseUntil);
        await sut.ReleaseAsync(source, "lease-1", Start.AddSeconds(2), ct);

        Assert.Equal(Start.AddSeconds(2), (await sut.BeginAsync(source, Fresh("x"), ct)).LeaseUntil);
    }

    private DynamoDbImportLedger CreateSut() => new(table.Client, table.TableName);

    private static ImportObject Source() =>
        new("platform-test-bucket", $"imports/{Guid.NewGuid():N}/catalogue file.csv", "9b2cf535f27731c974343645a3985328", "v1", 120);

    private static ImportRecord Fresh(string token) =>
        new("imp_" + Guid.NewGuid().ToString("N")[..31], Start, ImportStage.Processing, token, Start.AddMinutes(5), null, Start.AddDays(30));
}
