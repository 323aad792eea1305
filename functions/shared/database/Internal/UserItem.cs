using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Maps a <see cref="User"/> to its item and back.</summary>
internal static class UserItem
{
    public const string Email = "email";
    public const string Version = "version";

    public static Dictionary<string, AttributeValue> From(User user)
    {
        var item = Keys.User(user.Id);
        item[Names.Entity] = Attr.S("User");
        item[Email] = Attr.S(user.Email);
        item["name"] = Attr.S(user.Name);
        item["createdAt"] = Attr.Time(user.CreatedAt);
        item["updatedAt"] = Attr.Time(user.UpdatedAt);
        item[Version] = Attr.N(user.Version);
        return item;
    }

    public static User To(Dictionary<string, AttributeValue> item) => new(
        Keys.IdFrom(item, Keys.UserPrefix),
        item.GetString(Email),
        item.GetString("name"),
        item.GetTime("createdAt"),
        item.GetTime("updatedAt"),
        item.GetInt(Version));
}

/// <summary>The item that reserves an e-mail address for one user.</summary>
/// <param name="UserId">The user holding the address.</param>
/// <param name="ClaimedAt">When the claim was written; a claim younger than the grace period is never treated as orphaned.</param>
/// <param name="Token">Changes on every write of the claim, so a delete can be conditioned on the exact claim that was read.</param>
internal sealed record EmailClaim(string UserId, DateTimeOffset ClaimedAt, string Token)
{
    public const string UserIdAttribute = "userId";
    public const string TokenAttribute = "token";

    public static EmailClaim New(string userId, DateTimeOffset now) => new(userId, now, Guid.NewGuid().ToString("N"));

    public Dictionary<string, AttributeValue> ToItem(string email)
    {
        var item = Keys.EmailClaim(email);
        item[Names.Entity] = Attr.S("EmailClaim");
        item[UserIdAttribute] = Attr.S(UserId);
        item["claimedAt"] = Attr.Time(ClaimedAt);
        item[TokenAttribute] = Attr.S(Token);
        return item;
    }

    public static EmailClaim FromItem(Dictionary<string, AttributeValue> item) => new(
        item.GetString(UserIdAttribute),
        item.GetTime("claimedAt"),
        item.GetString(TokenAttribute));
}
