using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class UserServiceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryUserStore _users = new();

    private UserService CreateSut() => new(_users, new RandomIdGenerator(_time), _time);

    [Fact]
    public async Task CreateAsync_NewEmail_StoresUserAtVersionOne()
    {
        var sut = CreateSut();

        var result = await sut.CreateAsync(new NewUser("zoe@example.com", "Zoë 李"), Ct);

        Assert.Equal(UserOutcome.Ok, result.Outcome);
        var user = Assert.IsType<User>(result.User);
        Assert.Matches(Patterns.UserId(), user.Id);
        Assert.Equal(("zoe@example.com", "Zoë 李", 1), (user.Email, user.Name, user.Version));
        Assert.Equal(_time.GetUtcNow(), user.CreatedAt);
        Assert.Equal(user, await sut.GetAsync(user.Id, Ct));
    }

    [Fact]
    public async Task CreateAsync_EmailTakenInOtherCase_ReturnsEmailTaken()
    {
        _users.Seed(A.User().WithEmail("zoe@example.com").Build());
        var sut = CreateSut();

        var result = await sut.CreateAsync(new NewUser("ZOE@Example.com", "Another Zoë"), Ct);

        Assert.Equal(UserOutcome.EmailTaken, result.Outcome);
        Assert.Null(result.User);
        Assert.Single(_users.All);
    }

    [Fact]
    public async Task UpdateAsync_NameOnly_ChangesNameAndBumpsVersion()
    {
        var existing = A.User().Build();
        _users.Seed(existing);
        _time.Advance(TimeSpan.FromMinutes(5));
        var sut = CreateSut();

        var result = await sut.UpdateAsync(existing.Id, new UserPatch(null, "Zoë Li"), Ct);

        Assert.Equal(UserOutcome.Ok, result.Outcome);
        Assert.Equal(existing with { Name = "Zoë Li", Version = 2, UpdatedAt = _time.GetUtcNow() }, result.User);
        Assert.Equal(result.User, _users[existing.Id]);
    }

    [Fact]
    public async Task UpdateAsync_NewEmail_FreesPreviousAddress()
    {
        var existing = A.User().WithEmail("old@example.com").Build();
        _users.Seed(existing);
        var sut = CreateSut();

        var result = await sut.UpdateAsync(existing.Id, new UserPatch("new@example.com", null), Ct);
        var reuse = await sut.CreateAsync(new NewUser("old@example.com", "Someone"), Ct);

        Assert.Equal("new@example.com", result.User!.Email);
        Assert.Equal(UserOutcome.Ok, reuse.Outcome);
    }

    [Fact]
    public async Task UpdateAsync_EmailOfAnotherUser_ReturnsEmailTaken()
    {
        var zoe = A.User().WithId(TestIds.User(1)).WithEmail("zoe@example.com").Build();
        _users.Seed(zoe, A.User().WithId(TestIds.User(2)).WithEmail("ann@example.com").Build());
        var sut = CreateSut();

        var result = await sut.UpdateAsync(zoe.Id, new UserPatch("Ann@example.com", null), Ct);

        Assert.Equal(UserOutcome.EmailTaken, result.Outcome);
        Assert.Equal(zoe, _users[zoe.Id]);
    }

    [Fact]
    public async Task UpdateAsync_UnknownUser_ReturnsNotFound()
    {
        var sut = CreateSut();

        var result = await sut.UpdateAsync(TestIds.User(99), new UserPatch(null, "Nobody"), Ct);

        Assert.Equal(UserOutcome.NotFound, result.Outcome);
        Assert.Equal(0, _users.UpdateCalls);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentChangeOnce_RetriesAndKeepsTheOtherChange()
    {
        var existing = A.User().WithEmail("zoe@example.com").WithName("Zoë").Build();
        _users.Seed(existing);
        _users.BeforeUpdate = id =>
        {
            if (_users.UpdateCalls == 1)
            {
                _users.ChangeConcurrently(id, u => u with { Name = "Zoë Li" });
            }
        };
        var sut = CreateSut();

        var result = await sut.UpdateAsync(existing.Id, new UserPatch("zoe.li@example.com", null), Ct);

        Assert.Equal(UserOutcome.Ok, result.Outcome);
        Assert.Equal(2, _users.UpdateCalls);
        Assert.Equal(("zoe.li@example.com", "Zoë Li", 3), (_users[existing.Id].Email, _users[existing.Id].Name, _users[existing.Id].Version));
    }

    [Fact]
    public async Task UpdateAsync_ConflictOnEveryAttempt_GivesUpWithConflictAfterThreeAttempts()
    {
        var existing = A.User().Build();
        _users.Seed(existing);
        _users.BeforeUpdate = id => _users.ChangeConcurrently(id, u => u);
        var sut = CreateSut();

        var result = await sut.UpdateAsync(existing.Id, new UserPatch(null, "Never"), Ct);

        Assert.Equal(UserOutcome.Conflict, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(3, _users.UpdateCalls);
        Assert.NotEqual("Never", _users[existing.Id].Name);
    }
}
