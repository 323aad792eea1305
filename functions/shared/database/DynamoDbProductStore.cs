using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Database.Internal;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Functions.Shared.Database;

/// <summary>Products and their stock in DynamoDB.</summary>
/// <remarks>
/// Each product item keeps a string set <c>reservations</c> of the orders holding its stock, so a reservation is one
/// conditional update that can neither oversell nor take stock twice for the same order.
/// </remarks>
public sealed class DynamoDbProductStore(IAmazonDynamoDB client, string tableName, TimeProvider time) : IProductStore, IProductImportStore
{
    private const int BatchGetLimit = 100;
    private const int MaxBatchAttempts = 8;
    private static readonly TimeSpan FirstBatchRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    /// <remarks>An update rather than a put, so the reservations and the low-stock flag of an existing product survive.</remarks>
    public Task PutAsync(Product product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        return client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(product.Sku),
                UpdateExpression = "SET #entity = :entity, #name = :name, #price = :price, #stock = :stock, #updatedAt = :updatedAt",
                ExpressionAttributeNames = new()
                {
                    ["#entity"] = Names.Entity,
                    ["#name"] = ProductItem.Name,
                    ["#price"] = ProductItem.PriceCents,
                    ["#stock"] = ProductItem.Stock,
                    ["#updatedAt"] = ProductItem.UpdatedAt,
                },
                ExpressionAttributeValues = new()
                {
                    [":entity"] = Attr.S("Product"),
                    [":name"] = Attr.S(product.Name),
                    [":price"] = Attr.N(product.PriceCents),
                    [":stock"] = Attr.N(product.Stock),
                    [":updatedAt"] = Attr.Time(product.UpdatedAt),
                },
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One update conditioned on <c>importMark</c> being absent or older than this import's mark; the mark and line are
    /// written with the values. When the condition fails, the stored mark and line tell a retried row from a duplicate
    /// SKU and from a product a later import wrote.
    /// </remarks>
    public async Task<ImportWrite> ImportAsync(ProductUpsert row, ImportMark mark, int line, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(mark);
        var markValue = Timestamps.Format(mark.StartedAt) + "#" + mark.ImportId;
        var written = await Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(row.Sku),
                UpdateExpression = "SET #entity = :entity, #name = :name, #price = :price, #stock = :stock, #updatedAt = :updatedAt, #mark = :mark, #line = :line",
                ConditionExpression = "attribute_not_exists(#mark) OR #mark < :mark",
                ExpressionAttributeNames = new()
                {
                    ["#entity"] = Names.Entity,
                    ["#name"] = ProductItem.Name,
                    ["#price"] = ProductItem.PriceCents,
                    ["#stock"] = ProductItem.Stock,
                    ["#updatedAt"] = ProductItem.UpdatedAt,
                    ["#mark"] = ProductItem.ImportMark,
                    ["#line"] = ProductItem.ImportLine,
                },
                ExpressionAttributeValues = new()
                {
                    [":entity"] = Attr.S("Product"),
                    [":name"] = Attr.S(row.Name),
                    [":price"] = Attr.N(row.PriceCents),
                    [":stock"] = Attr.N(row.Stock),
                    [":updatedAt"] = Attr.Time(now),
                    [":mark"] = Attr.S(markValue),
                    [":line"] = Attr.N(line),
                },
            },
            cancellationToken)).ConfigureAwait(false);
        if (written)
        {
            return new ImportWrite(ImportWriteOutcome.Written);
        }

        var item = await client.GetItemOrNullAsync(tableName, Keys.Product(row.Sku), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Product {row.Sku} failed its import condition but does not exist.");
        if (item.GetStringOrNull(ProductItem.ImportMark) != markValue)
        {
            return new ImportWrite(ImportWriteOutcome.Superseded);
        }

        var firstLine = item.GetInt(ProductItem.ImportLine);
        return firstLine == line ? new ImportWrite(ImportWriteOutcome.AlreadyWritten) : new ImportWrite(ImportWriteOutcome.Duplicate, firstLine);
    }

    /// <inheritdoc />
    public async Task<Product?> GetAsync(string sku, CancellationToken cancellationToken)
    {
        var item = await client.GetItemOrNullAsync(tableName, Keys.Product(sku), cancellationToken).ConfigureAwait(false);
        return item is null ? null : ProductItem.To(item);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in skus.Distinct(StringComparer.Ordinal).Chunk(BatchGetLimit))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [tableName] = new KeysAndAttributes { Keys = [.. chunk.Select(Keys.Product)], ConsistentRead = true },
            };
            var delay = FirstBatchRetryDelay;
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false);
                if (response.Responses?.TryGetValue(tableName, out var items) == true)
                {
                    foreach (var product in items.Select(ProductItem.To))
                    {
                        found[product.Sku] = product;
                    }
                }

                pending = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
                if (pending.Count > 0)
                {
                    if (attempt == MaxBatchAttempts)
                    {
                        throw new InvalidOperationException($"DynamoDB left keys unprocessed after {MaxBatchAttempts} batch reads.");
                    }

                    // Unprocessed keys mean throttling; back off as AWS recommends before asking again.
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    delay *= 2;
                }
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<Reservation> ReserveAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        try
        {
            var response = await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Keys.Product(sku),
                    UpdateExpression = "SET #stock = #stock - :quantity, #updatedAt = :now ADD #reservations :orderSet",
                    ConditionExpression = "attribute_exists(PK) AND #stock >= :quantity AND NOT contains(#reservations, :orderId)",
                    ExpressionAttributeNames = StockNames(),
                    ExpressionAttributeValues = new()
                    {
                        [":quantity"] = Attr.N(quantity),
                        [":now"] = Attr.Time(time.GetUtcNow()),
                        [":orderSet"] = Attr.StringSet(orderId),
                        [":orderId"] = Attr.S(orderId),
                    },
                    ReturnValues = ReturnValue.UPDATED_NEW,
                },
                cancellationToken).ConfigureAwait(false);
            return new Reservation(ReservationOutcome.Reserved, response.Attributes.GetInt(ProductItem.Stock));
        }
        catch (ConditionalCheckFailedException)
        {
            var item = await client.GetItemOrNullAsync(tableName, Keys.Product(sku), cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return new Reservation(ReservationOutcome.NotFound, 0);
            }

            var stock = item.GetInt(ProductItem.Stock);
            return item.SetContains(ProductItem.Reservations, orderId)
                ? new Reservation(ReservationOutcome.AlreadyReserved, stock)
                : new Reservation(ReservationOutcome.InsufficientStock, stock);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(sku),
                UpdateExpression = "SET #stock = #stock + :quantity, #updatedAt = :now DELETE #reservations :orderSet",
                ConditionExpression = "contains(#reservations, :orderId)",
                ExpressionAttributeNames = StockNames(),
                ExpressionAttributeValues = new()
                {
                    [":quantity"] = Attr.N(quantity),
                    [":now"] = Attr.Time(time.GetUtcNow()),
                    [":orderSet"] = Attr.StringSet(orderId),
                    [":orderId"] = Attr.S(orderId),
                },
            },
            cancellationToken));
    }

    /// <inheritdoc />
    public Task ForgetReservationAsync(string sku, string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);

        // Conditioned on the product existing: an update of a missing key would create an empty item.
        return Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(sku),
                UpdateExpression = "DELETE #reservations :orderSet",
                ConditionExpression = "attribute_exists(PK)",
                ExpressionAttributeNames = new() { ["#reservations"] = ProductItem.Reservations },
                ExpressionAttributeValues = new() { [":orderSet"] = Attr.StringSet(orderId) },
            },
            cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Also false when the product does not exist.</remarks>
    public Task<bool> TryClaimLowStockAlertAsync(string sku, CancellationToken cancellationToken) =>
        Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(sku),
                UpdateExpression = "SET #alerted = :true",
                ConditionExpression = "attribute_exists(PK) AND (attribute_not_exists(#alerted) OR #alerted <> :true)",
                ExpressionAttributeNames = new() { ["#alerted"] = ProductItem.LowStockAlerted },
                ExpressionAttributeValues = new() { [":true"] = Attr.Bool(true) },
            },
            cancellationToken));

    /// <inheritdoc />
    public Task ClearLowStockAlertAsync(string sku, CancellationToken cancellationToken) =>
        Conditional.TryAsync(() => client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = Keys.Product(sku),
                UpdateExpression = "SET #alerted = :false",
                ConditionExpression = "attribute_exists(PK)",
                ExpressionAttributeNames = new() { ["#alerted"] = ProductItem.LowStockAlerted },
                ExpressionAttributeValues = new() { [":false"] = Attr.Bool(false) },
            },
            cancellationToken));

    private static Dictionary<string, string> StockNames() => new()
    {
        ["#stock"] = ProductItem.Stock,
        ["#updatedAt"] = ProductItem.UpdatedAt,
        ["#reservations"] = ProductItem.Reservations,
    };
}
