using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Reads the stores share.</summary>
internal static class ClientExtensions
{
    /// <summary>A strongly consistent read of one item, or null when there is none.</summary>
    /// <remarks>Consistent, because callers decide on conditional writes from what they read.</remarks>
    public static async Task<Dictionary<string, AttributeValue>?> GetItemOrNullAsync(
        this IAmazonDynamoDB client, string tableName, Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = key, ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
