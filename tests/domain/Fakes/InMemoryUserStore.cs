using Platform.Functions.Shared.Domain.Users;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Users with e-mail addresses unique regardless of case and optimistic versioning, as the port documents them.</summary>
internal sealed class InMemoryUserStore : IUserStore
{
    private readonly Dictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _emailOwners = new(StringComparer.Ordinal);

    /// <summary>Runs before each update is applied (a concurrent writer getting in first).</summary>
    public Action<string>? BeforeUpdate { get; set; }

    public int UpdateCalls { get; private set; }

    public IReadOnlyCollection<User> All => _users.Values;

    public InMemoryUserStore Seed(params User[] users)
    {
        foreach (var user in users)
        {
            _users[user.Id] = user;
            _emailOwners[Normalize(user.Email)] = user.Id;
        }

        return this;
    }

    public User this[string id] => _users[id];

    /// <summary>Changes a stored user as another writer would: the version goes up.</summary>
    public void ChangeConcurrently(string id, Func<User, User> change)
    {
        var current = _users[id];
        var changed = change(current) with { Version = current.Version + 1 };
        _emailOwners.Remove(Normalize(current.Email));
        _emailOwners[Normalize(changed.Email)] = id;
        _users[id] = changed;
    }

    public Task<CreateUserOutcome> CreateAsync(User user, CancellationToken cancellationToken)
    {
        if (!_emailOwners.TryAdd(Normalize(user.Email), user.Id))
        {
            return Task.FromResult(CreateUserOutcome.EmailTaken);
        }

        _users.Add(user.Id, user);
        return Task.FromResult(CreateUserOutcome.Created);
    }

    public Task<User?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_users.GetValueOrDefault(id));

    public Task<UpdateUserOutcome> UpdateAsync(User updated, string previousEmail, int expectedVersion, CancellationToken cancellationToken)
    {
        UpdateCalls++;
        BeforeUpdate?.Invoke(updated.Id);
        if (!_users.TryGetValue(updated.Id, out var current))
        {
            return Task.FromResult(UpdateUserOutcome.NotFound);
        }

        if (current.Version != expectedVersion || Normalize(current.Email) != Normalize(previousEmail))
        {
            return Task.FromResult(UpdateUserOutcome.Conflict);
        }

        var newKey = Normalize(updated.Email);
        if (_emailOwners.TryGetValue(newKey, out var owner) && owner != updated.Id)
        {
            return Task.FromResult(UpdateUserOutcome.EmailTaken);
        }

        _emailOwners.Remove(Normalize(previousEmail));
        _emailOwners[newKey] = updated.Id;
        _users[updated.Id] = updated;
        return Task.FromResult(UpdateUserOutcome.Updated);
    }

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
