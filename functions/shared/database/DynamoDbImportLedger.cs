using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Functions.Shared.Database;

/// <summary>Import records in DynamoDB, one item per version of an import file, expired by the table's TTL on <c>expiresAt</c>.</summary>
/// <remarks>
/// A record counts until TTL deletes it (often hours after <c>expiresAt</c>): a notification re-delivered that late
/// still changes nothing. Every write after the first is conditioned on the lease token.
/// </remarks>
public sealed class DynamoDbImportLedger(IAmazonDynamoDB client, string tableName) : IImportLedger
{
    /// <inheritdoc />
    public async Task<ImportRecord> BeginAsync(ImportObject source, ImportRecord fresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fresh);
        var created = await Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = ImportItem.From(source, fresh),
                ConditionExpression = "attribute_not_exists(PK)",
            },
            cancellationToken)).ConfigureAwait(false);
        if (created)
        {
            return ImportItem.AsStored(fresh);
        }

        var item = await client.GetItemOrNullAsync(tableName, ImportItem.Key(source), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The import record failed its put condition but does not exist.");
        return ImportItem.To(item);
    }

    /// <inheritdoc />
    public Task<bool> TakeOverAsync(ImportObject source, string expectedToken, string token, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = ImportItem.Key(source),
                UpdateExpression = $"SET {ImportItem.LeaseToken} = :token, {ImportItem.LeaseUntil} = :until",
                ConditionExpression = $"{ImportItem.LeaseToken} = :expected",
                ExpressionAttributeValues = new()
                {
                    [":token"] = Attr.S(token),
                    [":until"] = Attr.Time(leaseUntil),
                    [":expected"] = Attr.S(expectedToken),
                },
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(ImportObject source, string token, ImportOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outcome);
        var names = new Dictionary<string, string> { ["#stage"] = ImportItem.Stage };
        var values = new Dictionary<string, AttributeValue>
        {
            [":token"] = Attr.S(token),
            [":processing"] = Attr.S(ImportItem.StageName(ImportStage.Processing)),
            [":completed"] = Attr.S(ImportItem.StageName(ImportStage.Completed)),
        };
        var sets = new List<string> { "#stage = :completed" };
        foreach (var (name, value) in ImportItem.OutcomeAttributes(outcome))
        {
            names["#" + name] = name;
            values[":" + name] = value;
            sets.Add($"#{name} = :{name}");
        }

        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = ImportItem.Key(source),
                UpdateExpression = "SET " + string.Join(", ", sets),
                ConditionExpression = $"{ImportItem.LeaseToken} = :token AND #stage = :processing",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public Task<bool> MarkPublishedAsync(ImportObject source, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = ImportItem.Key(source),
                UpdateExpression = "SET #stage = :published",
                ConditionExpression = $"{ImportItem.LeaseToken} = :token",
                ExpressionAttributeNames = new() { ["#stage"] = ImportItem.Stage },
                ExpressionAttributeValues = new()
                {
                    [":published"] = Attr.S(ImportItem.StageName(ImportStage.Published)),
                    [":token"] = Attr.S(token),
                },
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public Task ReleaseAsync(ImportObject source, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = ImportItem.Key(source),
                UpdateExpression = $"SET {ImportItem.LeaseUntil} = :now",
                ConditionExpression = $"{ImportItem.LeaseToken} = :token",
                ExpressionAttributeValues = new()
                {
                    [":now"] = Attr.Time(now),
                    [":token"] = Attr.S(token),
                },
            },
            cancellationToken));
    }
}
