namespace Platform.Functions.Shared.Domain.Users;

/// <summary>A customer of the platform.</summary>
public sealed record User(string Id, string Email, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

/// <summary>What the store did with a new user.</summary>
public enum CreateUserOutcome
{
    /// <summary>The user was stored.</summary>
    Created,
    /// <summary>Another user already has the e-mail address.</summary>
    EmailTaken,
}

/// <summary>What the store did with a changed user.</summary>
public enum UpdateUserOutcome
{
    /// <summary>The change was stored.</summary>
    Updated,
    /// <summary>No such user.</summary>
    NotFound,
    /// <summary>Another user already has the new e-mail address.</summary>
    EmailTaken,
    /// <summary>The user changed since it was read; read again and retry.</summary>
    Conflict,
}

/// <summary>Persistence of users, with e-mail addresses unique across users.</summary>
public interface IUserStore
{
    /// <summary>Stores a new user unless its e-mail address is taken.</summary>
    Task<CreateUserOutcome> CreateAsync(User user, CancellationToken cancellationToken);

    /// <summary>The user with the id, or null.</summary>
    Task<User?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces a user if it is still at <paramref name="expectedVersion"/>, moving its e-mail claim when the address changed.</summary>
    Task<UpdateUserOutcome> UpdateAsync(User updated, string previousEmail, int expectedVersion, CancellationToken cancellationToken);
}
