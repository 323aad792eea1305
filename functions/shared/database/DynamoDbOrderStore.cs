using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Database;

/// <summary>Orders in DynamoDB; GSI1 lists them by status and creation time.</summary>
public sealed class DynamoDbOrderStore(IAmazonDynamoDB client, string tableName) : IOrderStore
{
    /// <inheritdoc />
    public Task<bool> CreateAsync(Order order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = OrderItem.From(order),
                ConditionExpression = "attribute_not_exists(PK)",
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public async Task<Order?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.Order(id), cancellationToken).ConfigureAwait(false);
        return item is null ? null : OrderItem.To(item);
    }

    /// <inheritdoc />
    /// <remarks>Payment id and decline reason are written only when the transition carries them.</remarks>
    public Task<bool> TransitionAsync(string id, OrderTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var names = new Dictionary<string, string> { ["#status"] = OrderItem.Status };
        var values = new Dictionary<string, AttributeValue>
        {
            [":from"] = Attr.S(transition.From.ToString()),
            [":to"] = Attr.S(transition.To.ToString()),
            [":at"] = Attr.Time(transition.At),
            [":gsi1pk"] = Attr.S(Keys.OrderStatusPartition(transition.To)),
        };
        var update = $"SET #status = :to, {OrderItem.UpdatedAt} = :at, {PlatformTable.Gsi1PartitionKey} = :gsi1pk";
        if (transition.PaymentId is not null)
        {
            update += $", {OrderItem.PaymentId} = :paymentId";
            values[":paymentId"] = Attr.S(transition.PaymentId);
        }

        if (transition.DeclineReason is not null)
        {
            update += $", {OrderItem.DeclineReason} = :declineReason";
            values[":declineReason"] = Attr.S(transition.DeclineReason);
        }

        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Order(id),
                UpdateExpression = update,
                ConditionExpression = "attribute_exists(PK) AND #status = :from",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Reads GSI1, which is eventually consistent: an order created or moved a moment ago may be missing.</remarks>
    public async Task<IReadOnlyList<string>> ListPendingCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var ids = new List<string>(Math.Min(limit, 100));
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    IndexName = PlatformTable.Gsi1Name,
                    KeyConditionExpression = $"{PlatformTable.Gsi1PartitionKey} = :pk AND {PlatformTable.Gsi1SortKey} < :cutoff",
                    ExpressionAttributeValues = new()
                    {
                        [":pk"] = Attr.S(Keys.OrderStatusPartition(OrderStatus.Pending)),
                        // "<createdAt>" sorts before "<createdAt>#<id>", so an order created exactly at the cutoff is excluded.
                        [":cutoff"] = Attr.S(Timestamps.Format(cutoff)),
                    },
                    ProjectionExpression = PlatformTable.PartitionKey,
                    ScanIndexForward = true,
                    Limit = limit - ids.Count,
                    ExclusiveStartKey = startKey,
                },
                cancellationToken).ConfigureAwait(false);
            ids.AddRange((response.Items ?? []).Select(item => Keys.IdFrom(item, Keys.OrderPrefix)));
            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null && ids.Count < limit);

        return ids;
    }
}
