using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Notifications;

namespace Platform.Functions.Shared.Database;

/// <summary>The e-mail ledger in DynamoDB: one item per e-mail key, in state <c>claimed</c> or <c>sent</c>.</summary>
/// <remarks>
/// A claim that is neither marked sent nor released (the sender crashed or timed out) lapses after the claim lease, and the
/// next claimer takes it over; set the lease above the sending function's timeout so a live sender is never overtaken.
/// </remarks>
public sealed class DynamoDbEmailLedger : IEmailLedger
{
    /// <summary>The claim lease used when none is given.</summary>
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(5);

    private const string StateAttribute = "state";
    private const string Claimed = "claimed";
    private const string Sent = "sent";

    private readonly IAmazonDynamoDB client;
    private readonly string tableName;
    private readonly TimeProvider time;
    private readonly TimeSpan claimLease;

    /// <summary>A ledger whose claims lapse after <see cref="DefaultClaimLease"/>.</summary>
    public DynamoDbEmailLedger(IAmazonDynamoDB client, string tableName, TimeProvider time)
        : this(client, tableName, time, DefaultClaimLease)
    {
    }

    /// <summary>A ledger whose claims lapse after <paramref name="claimLease"/>.</summary>
    public DynamoDbEmailLedger(IAmazonDynamoDB client, string tableName, TimeProvider time, TimeSpan claimLease)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claimLease, TimeSpan.Zero);
        this.client = client;
        this.tableName = tableName;
        this.time = time;
        this.claimLease = claimLease;
    }

    /// <inheritdoc />
    /// <remarks>False while another claim is live or once the e-mail was sent; true for a lapsed claim.</remarks>
    public Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var item = Keys.EmailSent(key);
        item[Names.Entity] = Attr.S("EmailSent");
        item[StateAttribute] = Attr.S(Claimed);
        item["claimedAt"] = Attr.Time(now);
        return Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                // Fixed-width ISO timestamps compare as strings in time order.
                ConditionExpression = "attribute_not_exists(PK) OR (#state = :claimed AND claimedAt < :lapsedBefore)",
                ExpressionAttributeNames = new() { ["#state"] = StateAttribute },
                ExpressionAttributeValues = new()
                {
                    [":claimed"] = Attr.S(Claimed),
                    [":lapsedBefore"] = Attr.Time(now - claimLease),
                },
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public Task MarkSentAsync(string key, string messageId, CancellationToken cancellationToken) =>
        client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.EmailSent(key),
                UpdateExpression = "SET #entity = :entity, #state = :sent, messageId = :messageId, sentAt = :now",
                ExpressionAttributeNames = new() { ["#entity"] = Names.Entity, ["#state"] = StateAttribute },
                ExpressionAttributeValues = new()
                {
                    [":entity"] = Attr.S("EmailSent"),
                    [":sent"] = Attr.S(Sent),
                    [":messageId"] = Attr.S(messageId),
                    [":now"] = Attr.Time(time.GetUtcNow()),
                },
            },
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>Does nothing once the e-mail is marked sent.</remarks>
    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        Conditional.TryAsync(() => client.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = tableName,
                Key = Keys.EmailSent(key),
                ConditionExpression = "#state = :claimed",
                ExpressionAttributeNames = new() { ["#state"] = StateAttribute },
                ExpressionAttributeValues = new() { [":claimed"] = Attr.S(Claimed) },
            },
            cancellationToken));
}
