using Amazon.DynamoDBv2.Model;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Runs a conditional write and reports whether its condition held.</summary>
internal static class Conditional
{
    /// <summary>True when the write happened, false when DynamoDB rejected its condition; every other failure propagates.</summary>
    public static async Task<bool> TryAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
