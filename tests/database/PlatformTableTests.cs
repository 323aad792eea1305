using Amazon.DynamoDBv2;
using Platform.Functions.Shared.Database;

namespace Platform.Tests.Database;

public sealed class PlatformTableTests(DynaliteFixture dynalite)
{
    [Fact]
    public void BuildCreateTableRequest_AnyName_DescribesSingleTableDesign()
    {
        var request = PlatformTable.BuildCreateTableRequest("platform");

        Assert.Equal("platform", request.TableName);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        Assert.Equal(["PK:HASH", "SK:RANGE"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        var index = Assert.Single(request.GlobalSecondaryIndexes);
        Assert.Equal("GSI1", index.IndexName);
        Assert.Equal(["GSI1PK:HASH", "GSI1SK:RANGE"], index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        Assert.Equal(ProjectionType.ALL, index.Projection.ProjectionType);
        Assert.All(request.AttributeDefinitions, d => Assert.Equal(ScalarAttributeType.S, d.AttributeType));
    }

    [Fact]
    public void BuildUpdateTimeToLiveRequest_AnyName_EnablesExpiresAt()
    {
        var request = PlatformTable.BuildUpdateTimeToLiveRequest("platform");

        Assert.Equal("expiresAt", request.TimeToLiveSpecification.AttributeName);
        Assert.True(request.TimeToLiveSpecification.Enabled);
    }

    [Fact]
    public async Task EnsureCreatedAsync_CalledTwice_LeavesOneActiveTableWithIndex()
    {
        using var client = dynalite.CreateClient();
        var name = A.UniqueId("ensure");
        var ct = TestContext.Current.CancellationToken;

        await PlatformTable.EnsureCreatedAsync(client, name, ct);
        await PlatformTable.EnsureCreatedAsync(client, name, ct);

        var table = (await client.DescribeTableAsync(name, ct)).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(IndexStatus.ACTIVE, Assert.Single(table.GlobalSecondaryIndexes).IndexStatus);
    }
}
