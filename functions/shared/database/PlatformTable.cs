using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Platform.Functions.Shared.Database;

/// <summary>The platform's single DynamoDB table as code: key names, the GSI and the TTL attribute.</summary>
/// <remarks>The key layout of each item type is described in README.md next to this file.</remarks>
public static class PlatformTable
{
    /// <summary>The partition key attribute (string).</summary>
    public const string PartitionKey = "PK";

    /// <summary>The sort key attribute (string).</summary>
    public const string SortKey = "SK";

    /// <summary>The name of the one global secondary index.</summary>
    public const string Gsi1Name = "GSI1";

    /// <summary>The partition key attribute of <see cref="Gsi1Name"/> (string).</summary>
    public const string Gsi1PartitionKey = "GSI1PK";

    /// <summary>The sort key attribute of <see cref="Gsi1Name"/> (string).</summary>
    public const string Gsi1SortKey = "GSI1SK";

    /// <summary>The time-to-live attribute, in epoch seconds.</summary>
    public const string TimeToLiveAttribute = "expiresAt";

    private static readonly TimeSpan DefaultCreateTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The request that creates the table on demand (PAY_PER_REQUEST) with GSI1 projecting all attributes.</summary>
    public static CreateTableRequest BuildCreateTableRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(SortKey, ScalarAttributeType.S),
                new AttributeDefinition(Gsi1PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(Gsi1SortKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(PartitionKey, KeyType.HASH),
                new KeySchemaElement(SortKey, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = Gsi1Name,
                    KeySchema =
                    [
                        new KeySchemaElement(Gsi1PartitionKey, KeyType.HASH),
                        new KeySchemaElement(Gsi1SortKey, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        };
    }

    /// <summary>The request that turns on expiry of items by <see cref="TimeToLiveAttribute"/>.</summary>
    /// <remarks>Not sent by <see cref="EnsureCreatedAsync(IAmazonDynamoDB, string, CancellationToken)"/>: dynalite does not implement it, and deployed tables get TTL from the infrastructure program.</remarks>
    public static UpdateTimeToLiveRequest BuildUpdateTimeToLiveRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new UpdateTimeToLiveRequest
        {
            TableName = tableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLiveAttribute, Enabled = true },
        };
    }

    /// <summary>Creates the table unless it exists, then waits (up to two minutes) until it and its index are ACTIVE.</summary>
    public static Task EnsureCreatedAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken) =>
        EnsureCreatedAsync(client, tableName, DefaultCreateTimeout, cancellationToken);

    /// <summary>Creates the table unless it exists, then waits up to <paramref name="timeout"/> until it and its index are ACTIVE.</summary>
    /// <exception cref="TimeoutException">The table was not ACTIVE within <paramref name="timeout"/>.</exception>
    public static async Task EnsureCreatedAsync(IAmazonDynamoDB client, string tableName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (await DescribeOrNullAsync(client, tableName, deadline.Token).ConfigureAwait(false) is null)
            {
                try
                {
                    await client.CreateTableAsync(BuildCreateTableRequest(tableName), deadline.Token).ConfigureAwait(false);
                }
                catch (ResourceInUseException)
                {
                    // Someone else created it between our describe and create; wait for it like for our own.
                }
            }

            while (!IsActive(await DescribeOrNullAsync(client, tableName, deadline.Token).ConfigureAwait(false)))
            {
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"DynamoDB table '{tableName}' was not ACTIVE within {timeout}.");
        }
    }

    private static async Task<TableDescription?> DescribeOrNullAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static bool IsActive(TableDescription? table) =>
        table is not null
        && table.TableStatus == TableStatus.ACTIVE
        && (table.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE);
}
