using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Domain.Users;

/// <summary>A validated request to create a user.</summary>
public sealed record NewUser(string Email, string Name);

/// <summary>A validated partial update; null members stay as they are.</summary>
public sealed record UserPatch(string? Email, string? Name);

/// <summary>How a user operation ended.</summary>
public enum UserOutcome
{
    /// <summary>Done; <see cref="UserResult.User"/> holds the user.</summary>
    Ok,
    /// <summary>No such user.</summary>
    NotFound,
    /// <summary>The e-mail address belongs to another user.</summary>
    EmailTaken,
    /// <summary>The user kept changing under concurrent updates.</summary>
    Conflict,
}

/// <summary>The outcome of a user operation and the user it produced.</summary>
public sealed record UserResult(UserOutcome Outcome, User? User);

/// <summary>Creates, reads and updates users.</summary>
public sealed class UserService(IUserStore store, IIdGenerator ids, TimeProvider time)
{
    private const int UpdateAttempts = 3;

    /// <summary>Creates a user; e-mail addresses are unique regardless of case.</summary>
    public async Task<UserResult> CreateAsync(NewUser request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var user = new User(ids.NewId("usr"), request.Email, request.Name, now, now, 1);
        return await store.CreateAsync(user, cancellationToken) switch
        {
            CreateUserOutcome.Created => new UserResult(UserOutcome.Ok, user),
            _ => new UserResult(UserOutcome.EmailTaken, null),
        };
    }

    /// <summary>The user, or null.</summary>
    public Task<User?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// <summary>Applies a partial update, retrying when a concurrent update won the race.</summary>
    public async Task<UserResult> UpdateAsync(string id, UserPatch patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        for (var attempt = 0; attempt < UpdateAttempts; attempt++)
        {
            var current = await store.GetAsync(id, cancellationToken);
            if (current is null)
            {
                return new UserResult(UserOutcome.NotFound, null);
            }

            var updated = current with
            {
                Email = patch.Email ?? current.Email,
                Name = patch.Name ?? current.Name,
                UpdatedAt = time.GetUtcNow(),
                Version = current.Version + 1,
            };
            var outcome = await store.UpdateAsync(updated, current.Email, current.Version, cancellationToken);
            switch (outcome)
            {
                case UpdateUserOutcome.Updated:
                    return new UserResult(UserOutcome.Ok, updated);
                case UpdateUserOutcome.NotFound:
                    return new UserResult(UserOutcome.NotFound, null);
                case UpdateUserOutcome.EmailTaken:
                    return new UserResult(UserOutcome.EmailTaken, null);
                case UpdateUserOutcome.Conflict:
                default:
                    continue;
            }
        }

        return new UserResult(UserOutcome.Conflict, null);
    }
}
