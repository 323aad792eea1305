using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Database;

/// <summary>Users in DynamoDB, with each e-mail address reserved by a claim item so that no two users share one.</summary>
/// <remarks>
/// Without transactions a crash can leave a claim whose user never got (or no longer has) the address. Such an
/// orphan is taken over by the next user who asks for the address, but only once it is older than
/// <see cref="ClaimGracePeriod"/>, so that a create or update still in flight is never robbed of its claim.
/// </remarks>
public sealed class DynamoDbUserStore(IAmazonDynamoDB client, string tableName, TimeProvider time) : IUserStore
{
    /// <summary>How old an e-mail claim must be before it can be judged orphaned (longer than any Lambda invocation).</summary>
    public static readonly TimeSpan ClaimGracePeriod = TimeSpan.FromMinutes(15);

    private const int MaxClaimAttempts = 3;

    /// <inheritdoc />
    public async Task<CreateUserOutcome> CreateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await ClaimEmailAsync(user.Email, user.Id, cancellationToken).ConfigureAwait(false))
        {
            return CreateUserOutcome.EmailTaken;
        }

        var created = await Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = UserItem.From(user),
                ConditionExpression = "attribute_not_exists(PK)",
            },
            cancellationToken)).ConfigureAwait(false);
        if (created)
        {
            return CreateUserOutcome.Created;
        }

        var existing = await GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (existing is not null && SameEmail(existing.Email, user.Email))
        {
            return CreateUserOutcome.Created; // a retry of a create that already succeeded
        }

        throw new InvalidOperationException($"A user with id '{user.Id}' exists already with another e-mail address.");
    }

    /// <inheritdoc />
    public async Task<User?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.User(id), cancellationToken).ConfigureAwait(false);
        return item is null ? null : UserItem.To(item);
    }

    /// <inheritdoc />
    /// <remarks><paramref name="updated"/> is stored as given, so its version must be greater than <paramref name="expectedVersion"/>.</remarks>
    public async Task<UpdateUserOutcome> UpdateAsync(User updated, string previousEmail, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(previousEmail);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(updated.Version, expectedVersion);

        var current = await GetAsync(updated.Id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return UpdateUserOutcome.NotFound;
        }

        if (current.Version != expectedVersion || !SameEmail(current.Email, previousEmail))
        {
            return UpdateUserOutcome.Conflict;
        }

        var emailChanged = !SameEmail(current.Email, updated.Email);
        EmailClaim? oldClaim = null;
        if (emailChanged)
        {
            oldClaim = await GetClaimAsync(current.Email, cancellationToken).ConfigureAwait(false);
            if (!await ClaimEmailAsync(updated.Email, updated.Id, cancellationToken).ConfigureAwait(false))
            {
                return UpdateUserOutcome.EmailTaken;
            }
        }

        // A claim on the new address is left behind when this write fails: the same user can reuse it on retry,
        // anyone else can take it over after the grace period. Deleting it here could race a concurrent update
        // of this user that is about to rely on it.
        var written = await Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = UserItem.From(updated),
                ConditionExpression = "attribute_exists(PK) AND #version = :expected",
                ExpressionAttributeNames = new() { ["#version"] = UserItem.Version },
                ExpressionAttributeValues = new() { [":expected"] = Attr.N(expectedVersion) },
            },
            cancellationToken)).ConfigureAwait(false);
        if (!written)
        {
            return await GetAsync(updated.Id, cancellationToken).ConfigureAwait(false) is null
                ? UpdateUserOutcome.NotFound
                : UpdateUserOutcome.Conflict;
        }

        if (oldClaim is not null && oldClaim.UserId == updated.Id)
        {
            // Conditioned on the token read before the write: if a later update of this user re-claimed the old
            // address meanwhile, the claim was rewritten and must stay.
            await Conditional.TryAsync(() => client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = tableName,
                    Key = Keys.EmailClaim(current.Email),
                    ConditionExpression = "userId = :userId AND #token = :token",
                    ExpressionAttributeNames = new() { ["#token"] = EmailClaim.TokenAttribute },
                    ExpressionAttributeValues = new() { [":userId"] = Attr.S(updated.Id), [":token"] = Attr.S(oldClaim.Token) },
                },
                cancellationToken)).ConfigureAwait(false);
        }

        return UpdateUserOutcome.Updated;
    }

    /// <summary>Reserves the address for the user: a new claim, a refresh of the user's own claim, or a takeover of an orphan.</summary>
    private async Task<bool> ClaimEmailAsync(string email, string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var claimed = await Conditional.TryAsync(() => client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = EmailClaim.New(userId, time.GetUtcNow()).ToItem(email),
                    ConditionExpression = "attribute_not_exists(PK)",
                },
                cancellationToken)).ConfigureAwait(false);
            if (claimed)
            {
                return true;
            }

            var existing = await GetClaimAsync(email, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // released since our put; try again
            }

            if (existing.UserId != userId && !await IsOrphanAsync(existing, email, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (await ReplaceClaimAsync(email, existing, userId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> IsOrphanAsync(EmailClaim claim, string email, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - claim.ClaimedAt < ClaimGracePeriod)
        {
            return false;
        }

        var owner = await GetAsync(claim.UserId, cancellationToken).ConfigureAwait(false);
        return owner is null || !SameEmail(owner.Email, email);
    }

    /// <summary>Rewrites the claim for <paramref name="userId"/> with a new token, only if it is still exactly <paramref name="expected"/>.</summary>
    private Task<bool> ReplaceClaimAsync(string email, EmailClaim expected, string userId, CancellationToken cancellationToken)
    {
        var replacement = EmailClaim.New(userId, time.GetUtcNow());
        return Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = replacement.ToItem(email),
                ConditionExpression = "userId = :userId AND #token = :token",
                ExpressionAttributeNames = new() { ["#token"] = EmailClaim.TokenAttribute },
                ExpressionAttributeValues = new() { [":userId"] = Attr.S(expected.UserId), [":token"] = Attr.S(expected.Token) },
            },
            cancellationToken));
    }

    private async Task<EmailClaim?> GetClaimAsync(string email, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.EmailClaim(email), cancellationToken).ConfigureAwait(false);
        return item is null ? null : EmailClaim.FromItem(item);
    }

    private static bool SameEmail(string a, string b) => Keys.NormalizeEmail(a) == Keys.NormalizeEmail(b);
}
