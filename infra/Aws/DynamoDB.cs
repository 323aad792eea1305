using Platform.Infra.Core;

namespace Platform.Infra.Aws.DynamoDB;

public sealed record TableAttributeArgs(string Name, string Type);

public sealed record TableGlobalSecondaryIndexArgs
{
    public required string Name { get; init; }
    public required string HashKey { get; init; }
    public required string RangeKey { get; init; }
    public required string ProjectionType { get; init; }
}

public sealed record TableTtlArgs(string AttributeName, bool Enabled);

public sealed record TableServerSideEncryptionArgs(bool Enabled);

public sealed record TablePointInTimeRecoveryArgs(bool Enabled);

public sealed record TableArgs : ResourceArgs
{
    public required string BillingMode { get; init; }
    public required string HashKey { get; init; }
    public required string RangeKey { get; init; }
    public required IReadOnlyList<TableAttributeArgs> Attributes { get; init; }
    public required IReadOnlyList<TableGlobalSecondaryIndexArgs> GlobalSecondaryIndexes { get; init; }
    public required TableTtlArgs Ttl { get; init; }
    public required TableServerSideEncryptionArgs ServerSideEncryption { get; init; }
    public required TablePointInTimeRecoveryArgs PointInTimeRecovery { get; init; }
    public required bool DeletionProtectionEnabled { get; init; }
}

/// <summary><c>aws:dynamodb:Table</c>.</summary>
public sealed class Table(string name, TableArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:dynamodb:Table", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
}
