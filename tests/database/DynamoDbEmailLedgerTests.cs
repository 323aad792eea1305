using Platform.Functions.Shared.Database;

namespace Platform.Tests.Database;

public sealed class DynamoDbEmailLedgerTests(TableFixture table) : IClassFixture<TableFixture>
{
    private readonly FakeTime time = new();
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryClaimAsync_ClaimedTwice_SecondReturnsFalse()
    {
        var sut = CreateSut();
        var key = A.UniqueId("mail");

        var first = await sut.TryClaimAsync(key, ct);
        var second = await sut.TryClaimAsync(key, ct);

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task TryClaimAsync_ConcurrentClaims_ExactlyOneWins()
    {
        var sut = CreateSut();
        var key = A.UniqueId("mail");

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sut.TryClaimAsync(key, ct)));

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public async Task TryClaimAsync_AfterRelease_Succeeds()
    {
        var sut = CreateSut();
        var key = A.UniqueId("mail");
        await sut.TryClaimAsync(key, ct);

        await sut.ReleaseAsync(key, ct);

        Assert.True(await sut.TryClaimAsync(key, ct));
    }

    [Fact]
    public async Task TryClaimAsync_AfterSent_ReturnsFalseEvenOnceLeaseLapsed()
    {
        var sut = CreateSut();
        var key = A.UniqueId("mail");
        await sut.TryClaimAsync(key, ct);
        await sut.MarkSentAsync(key, "msg-1", ct);
        await sut.ReleaseAsync(key, ct);
        time.Advance(DynamoDbEmailLedger.DefaultClaimLease * 2);

        Assert.False(await sut.TryClaimAsync(key, ct));
    }

    [Fact]
    public async Task TryClaimAsync_ClaimLapsedWithoutSend_IsTakenOver()
    {
        var sut = CreateSut();
        var key = A.UniqueId("mail");
        await sut.TryClaimAsync(key, ct);
        time.Advance(DynamoDbEmailLedger.DefaultClaimLease + TimeSpan.FromSeconds(1));

        Assert.True(await sut.TryClaimAsync(key, ct));
        Assert.False(await sut.TryClaimAsync(key, ct));
    }

    private DynamoDbEmailLedger CreateSut() => new(table.Client, table.TableName, time);
}
