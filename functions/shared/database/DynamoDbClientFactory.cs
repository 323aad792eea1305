using Amazon;
using Amazon.DynamoDBv2;

namespace Platform.Functions.Shared.Database;

/// <summary>Creates the DynamoDB client a function uses; call it once per process, in the composition root, and reuse the client.</summary>
public static class DynamoDbClientFactory
{
    /// <summary>Environment variable holding the AWS region (set by the Lambda runtime).</summary>
    public const string RegionVariable = "AWS_REGION";

    /// <summary>A client for the region in AWS_REGION, with credentials from the default chain.</summary>
    /// <remarks>The SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB, which point it at dynalite locally.</remarks>
    /// <exception cref="InvalidOperationException">AWS_REGION is not set.</exception>
    public static AmazonDynamoDBClient Create()
    {
        var region = Environment.GetEnvironmentVariable(RegionVariable);
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new InvalidOperationException($"The environment variable {RegionVariable} is not set; it names the AWS region of the DynamoDB table.");
        }

        return Create(region);
    }

    /// <summary>A client for <paramref name="region"/>, with credentials from the default chain.</summary>
    public static AmazonDynamoDBClient Create(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return new AmazonDynamoDBClient(new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) });
    }
}
