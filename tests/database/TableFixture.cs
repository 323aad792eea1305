using Amazon.DynamoDBv2;
using Platform.Functions.Shared.Database;

namespace Platform.Tests.Database;

/// <summary>A fresh platform table for one test class, on the shared dynalite server.</summary>
public sealed class TableFixture(DynaliteFixture dynalite) : IAsyncLifetime
{
    public IAmazonDynamoDB Client { get; } = dynalite.CreateClient();

    public string TableName { get; } = "platform-test-" + Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync() =>
        await PlatformTable.EnsureCreatedAsync(Client, TableName, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
