using Platform.Functions.Shared.Database;

namespace Platform.Tests.Database;

[CollectionDefinition(DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>These tests change process-wide environment variables, so they run alone.</summary>
[Collection(typeof(ProcessEnvironment))]
public sealed class DynamoDbClientFactoryTests(DynaliteFixture dynalite)
{
    private static readonly string[] Variables =
        ["AWS_REGION", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_EC2_METADATA_DISABLED"];

    [Fact]
    public async Task Create_EndpointInEnvironment_TalksToThatEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        using var setup = dynalite.CreateClient();
        var tableName = A.UniqueId("factory");
        await PlatformTable.EnsureCreatedAsync(setup, tableName, ct);

        var tables = await WithEnvironmentAsync(
            new()
            {
                ["AWS_REGION"] = "eu-west-1",
                ["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.ServiceUrl.ToString(),
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            },
            async () =>
            {
                using var sut = DynamoDbClientFactory.Create();
                return (await sut.ListTablesAsync(ct)).TableNames;
            });

        Assert.Contains(tableName, tables);
    }

    [Fact]
    public async Task Create_NoRegion_ThrowsNamingTheVariable()
    {
        var error = await WithEnvironmentAsync(
            new() { ["AWS_REGION"] = null },
            () => Task.FromResult(Assert.Throws<InvalidOperationException>(() => DynamoDbClientFactory.Create())));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    private static async Task<T> WithEnvironmentAsync<T>(Dictionary<string, string?> values, Func<Task<T>> action)
    {
        var saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return await action();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
