using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Tests.Database;

public sealed class DynamoDbUserStoreTests(TableFixture table) : IClassFixture<TableFixture>
{
    private readonly FakeTime time = new();
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_NewUser_CanBeReadBack()
    {
        var sut = CreateSut();
        var user = A.User().Build();

        var outcome = await sut.CreateAsync(user, ct);

        Assert.Equal(CreateUserOutcome.Created, outcome);
        Assert.Equal(user, await sut.GetAsync(user.Id, ct));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var sut = CreateSut();

        Assert.Null(await sut.GetAsync(A.UniqueId("usr"), ct));
    }

    [Fact]
    public async Task CreateAsync_EmailTakenInOtherCase_ReturnsEmailTaken()
    {
        var sut = CreateSut();
        var email = A.UniqueEmail();
        await sut.CreateAsync(A.User().WithEmail(email).Build(), ct);
        var second = A.User().WithEmail(email.ToUpperInvariant()).Build();

        var outcome = await sut.CreateAsync(second, ct);

        Assert.Equal(CreateUserOutcome.EmailTaken, outcome);
        Assert.Null(await sut.GetAsync(second.Id, ct));
    }

    [Fact]
    public async Task CreateAsync_SameUserRetried_ReturnsCreated()
    {
        var sut = CreateSut();
        var user = A.User().Build();
        await sut.CreateAsync(user, ct);

        var outcome = await sut.CreateAsync(user, ct);

        Assert.Equal(CreateUserOutcome.Created, outcome);
    }

    [Fact]
    public async Task UpdateAsync_EmailChanged_MovesClaimAndFreesOldAddress()
    {
        var sut = CreateSut();
        var user = A.User().Build();
        await sut.CreateAsync(user, ct);
        var changed = user with { Email = A.UniqueEmail(), Version = 2 };

        var outcome = await sut.UpdateAsync(changed, user.Email, expectedVersion: 1, ct);

        Assert.Equal(UpdateUserOutcome.Updated, outcome);
        Assert.Equal(changed, await sut.GetAsync(user.Id, ct));
        Assert.Equal(CreateUserOutcome.Created, await sut.CreateAsync(A.User().WithEmail(user.Email).Build(), ct));
        Assert.Equal(CreateUserOutcome.EmailTaken, await sut.CreateAsync(A.User().WithEmail(changed.Email).Build(), ct));
    }

    [Fact]
    public async Task UpdateAsync_SameEmailOtherCase_UpdatesWithoutLosingClaim()
    {
        var sut = CreateSut();
        var user = A.User().Build();
        await sut.CreateAsync(user, ct);
        var changed = user with { Email = user.Email.ToUpperInvariant(), Name = "Ada King", Version = 2 };

        var outcome = await sut.UpdateAsync(changed, user.Email, expectedVersion: 1, ct);

        Assert.Equal(UpdateUserOutcome.Updated, outcome);
        Assert.Equal(CreateUserOutcome.EmailTaken, await sut.CreateAsync(A.User().WithEmail(user.Email).Build(), ct));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ReturnsConflictAndKeepsUser()
    {
        var sut = CreateSut();
        var user = A.User().Build();
        await sut.CreateAsync(user, ct);
        await sut.UpdateAsync(user with { Name = "First", Version = 2 }, user.Email, expectedVersion: 1, ct);

        var outcome = await sut.UpdateAsync(user with { Name = "Stale", Version = 2 }, user.Email, expectedVersion: 1, ct);

        Assert.Equal(UpdateUserOutcome.Conflict, outcome);
        Assert.Equal("First", (await sut.GetAsync(user.Id, ct))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_UnknownUser_ReturnsNotFound()
    {
        var sut = CreateSut();
        var user = A.User().WithVersion(2).Build();

        var outcome = await sut.UpdateAsync(user, user.Email, expectedVersion: 1, ct);

        Assert.Equal(UpdateUserOutcome.NotFound, outcome);
    }

    [Fact]
    public async Task UpdateAsync_NewEmailTakenByOtherUser_ReturnsEmailTakenAndKeepsUser()
    {
        var sut = CreateSut();
        var other = A.User().Build();
        var user = A.User().Build();
        await sut.CreateAsync(other, ct);
        await sut.CreateAsync(user, ct);

        var outcome = await sut.UpdateAsync(user with { Email = other.Email, Version = 2 }, user.Email, expectedVersion: 1, ct);

        Assert.Equal(UpdateUserOutcome.EmailTaken, outcome);
        Assert.Equal(user, await sut.GetAsync(user.Id, ct));
    }

    [Fact]
    public async Task CreateAsync_OrphanClaimOlderThanGracePeriod_TakesItOver()
    {
        var sut = CreateSut();
        var crashed = A.User().Build();
        await sut.CreateAsync(crashed, ct);
        await DeleteUserItemAsync(crashed.Id); // as if the create had crashed between the claim and the user
        var user = A.User().WithEmail(crashed.Email).Build();
        time.Advance(DynamoDbUserStore.ClaimGracePeriod + TimeSpan.FromSeconds(1));

        var outcome = await sut.CreateAsync(user, ct);

        Assert.Equal(CreateUserOutcome.Created, outcome);
        Assert.Equal(CreateUserOutcome.EmailTaken, await sut.CreateAsync(A.User().WithEmail(crashed.Email).Build(), ct));
    }

    [Fact]
    public async Task CreateAsync_OrphanClaimWithinGracePeriod_ReturnsEmailTaken()
    {
        var sut = CreateSut();
        var inFlight = A.User().Build();
        await sut.CreateAsync(inFlight, ct);
        await DeleteUserItemAsync(inFlight.Id); // looks like a create still in flight
        time.Advance(TimeSpan.FromMinutes(1));

        var outcome = await sut.CreateAsync(A.User().WithEmail(inFlight.Email).Build(), ct);

        Assert.Equal(CreateUserOutcome.EmailTaken, outcome);
    }

    [Fact]
    public async Task CreateAsync_ConcurrentUsersWithSameEmail_ExactlyOneCreated()
    {
        var sut = CreateSut();
        var email = A.UniqueEmail();
        var users = Enumerable.Range(0, 10).Select(_ => A.User().WithEmail(email).Build()).ToList();

        var outcomes = await Task.WhenAll(users.Select(user => sut.CreateAsync(user, ct)));

        Assert.Single(outcomes, outcome => outcome == CreateUserOutcome.Created);
    }

    private DynamoDbUserStore CreateSut() => new(table.Client, table.TableName, time);

    private async Task DeleteUserItemAsync(string id) => await table.Client.DeleteItemAsync(
        new DeleteItemRequest
        {
            TableName = table.TableName,
            Key = new() { ["PK"] = new AttributeValue { S = "USER#" + id }, ["SK"] = new AttributeValue { S = "PROFILE" } },
        },
        ct);
}
