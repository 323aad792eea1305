using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Analytics;

namespace Platform.Functions.Shared.Database;

/// <summary>Daily order counters in DynamoDB, with a marker item per counted order so each order counts once.</summary>
/// <remarks>
/// Marker and counters are two writes (no transactions in dynalite): if adding to the counters fails the marker is
/// deleted again, but a crash between the two writes leaves the order marked and uncounted.
/// </remarks>
public sealed class DynamoDbAnalyticsStore(IAmazonDynamoDB client, string tableName) : IAnalyticsStore
{
    private const string Orders = "orders";
    private const string RevenueCents = "revenueCents";

    /// <inheritdoc />
    public async Task<bool> RecordOrderAsync(DateOnly day, string orderId, long totalCents, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var marker = Keys.AnalyticsOrderMarker(day, orderId);
        marker[Names.Entity] = Attr.S("AnalyticsOrder");
        marker["totalCents"] = Attr.N(totalCents);
        var marked = await Conditional.TryAsync(() => client.PutItemAsync(
            new PutItemRequest { TableName = tableName, Item = marker, ConditionExpression = "attribute_not_exists(PK)" },
            cancellationToken)).ConfigureAwait(false);
        if (!marked)
        {
            return false;
        }

        try
        {
            await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Keys.AnalyticsTotals(day),
                    UpdateExpression = "SET #entity = :entity ADD #orders :one, #revenue :total",
                    ExpressionAttributeNames = new() { ["#entity"] = Names.Entity, ["#orders"] = Orders, ["#revenue"] = RevenueCents },
                    ExpressionAttributeValues = new()
                    {
                        [":entity"] = Attr.S("AnalyticsTotals"),
                        [":one"] = Attr.N(1),
                        [":total"] = Attr.N(totalCents),
                    },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not the caller's token: the marker must go even when the failure was a cancellation.
            await client.DeleteItemAsync(
                new DeleteItemRequest { TableName = tableName, Key = Keys.AnalyticsOrderMarker(day, orderId) },
                CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<DailyOrderTotals> GetDailyTotalsAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.AnalyticsTotals(day), cancellationToken).ConfigureAwait(false);
        return item is null
            ? new DailyOrderTotals(day, 0, 0)
            : new DailyOrderTotals(day, item.GetLong(Orders), item.GetLong(RevenueCents));
    }
}
