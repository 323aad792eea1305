using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Database;

/// <summary>Idempotency records in DynamoDB, expired by the table's TTL on <c>expiresAt</c>.</summary>
/// <remarks>
/// TTL deletion is lazy (often hours late), so a record whose expiry has passed is treated as absent here.
/// Expiry is stored in whole epoch seconds; the records returned carry it truncated to the second.
/// </remarks>
public sealed class DynamoDbIdempotencyStore(IAmazonDynamoDB client, string tableName, TimeProvider time) : IIdempotencyStore
{
    private const int MaxAttempts = 5;

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.Idempotency(key), cancellationToken).ConfigureAwait(false);
        return item is null ? null : Live(IdempotencyItem.To(item));
    }

    /// <inheritdoc />
    public async Task<IdempotencyRecord> GetOrAddAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var item = IdempotencyItem.From(record);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await PutAsync(item, "attribute_not_exists(PK)", null, cancellationToken).ConfigureAwait(false))
            {
                return IdempotencyItem.AsStored(record);
            }

            var existingItem = await client.GetItemOrNullAsync(tableName, Keys.Idempotency(record.Key), cancellationToken).ConfigureAwait(false);
            if (existingItem is null)
            {
                continue; // deleted by TTL since our put
            }

            var existing = IdempotencyItem.To(existingItem);
            if (Live(existing) is not null)
            {
                return existing;
            }

            // Replace the expired record only if it is still the one we read; a concurrent caller may have replaced it.
            var replaced = await PutAsync(
                item,
                $"{PlatformTable.TimeToLiveAttribute} = :expired",
                new() { [":expired"] = existingItem[PlatformTable.TimeToLiveAttribute] },
                cancellationToken).ConfigureAwait(false);
            if (replaced)
            {
                return IdempotencyItem.AsStored(record);
            }
        }

        throw new InvalidOperationException($"The idempotency record '{record.Key}' kept changing; gave up after {MaxAttempts} attempts.");
    }

    /// <inheritdoc />
    /// <exception cref="ConditionalCheckFailedException">There is no record for the key.</exception>
    public Task CompleteAsync(string key, CancellationToken cancellationToken) =>
        client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Idempotency(key),
                UpdateExpression = $"SET {IdempotencyItem.Completed} = :true",
                ConditionExpression = "attribute_exists(PK)",
                ExpressionAttributeValues = new() { [":true"] = Attr.Bool(true) },
            },
            cancellationToken);

    private Task<bool> PutAsync(Dictionary<string, AttributeValue> item, string condition, Dictionary<string, AttributeValue>? values, CancellationToken cancellationToken) =>
        Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                ConditionExpression = condition,
                ExpressionAttributeValues = values,
            },
            cancellationToken));

    private IdempotencyRecord? Live(IdempotencyRecord record) => record.ExpiresAt > time.GetUtcNow() ? record : null;
}
