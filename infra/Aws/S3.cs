using Platform.Infra.Aws.Iam;
using Platform.Infra.Core;

namespace Platform.Infra.Aws.S3;

public sealed record BucketArgs : ResourceArgs
{
    /// <summary>Whether deleting the bucket also deletes every object and version in it; false keeps data from going with a stack.</summary>
    public required bool ForceDestroy { get; init; }
}

/// <summary><c>aws:s3:Bucket</c> (provider v7's general purpose bucket, formerly BucketV2); its settings are the separate resources below.</summary>
/// <remarks>No <c>bucket</c> input: Pulumi names it from the logical name and a random suffix (S3 names are global).</remarks>
public sealed class Bucket(string name, BucketArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:Bucket", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");

    /// <summary>The bucket's name (the provider's <c>bucket</c> output).</summary>
    public Output<string> BucketName => Output<string>("bucket");
}

public sealed record BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
{
    /// <summary><c>AES256</c> (SSE-S3), <c>aws:kms</c> or <c>aws:kms:dsse</c>.</summary>
    public required string SseAlgorithm { get; init; }
}

public sealed record BucketServerSideEncryptionConfigurationRuleArgs
{
    public required BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs ApplyServerSideEncryptionByDefault { get; init; }

    /// <summary>Encryption types uploads may not use, e.g. <c>SSE-C</c> (keys S3 never holds, so nothing here could read the object).</summary>
    public IReadOnlyList<string>? BlockedEncryptionTypes { get; init; }
}

public sealed record BucketServerSideEncryptionConfigurationArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required IReadOnlyList<BucketServerSideEncryptionConfigurationRuleArgs> Rules { get; init; }
}

/// <summary><c>aws:s3:BucketServerSideEncryptionConfiguration</c>: default encryption of every new object.</summary>
public sealed class BucketServerSideEncryptionConfiguration(string name, BucketServerSideEncryptionConfigurationArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketServerSideEncryptionConfiguration", name, args, options);

public sealed record BucketVersioningVersioningConfigurationArgs
{
    /// <summary><c>Enabled</c> or <c>Suspended</c>.</summary>
    public required string Status { get; init; }
}

public sealed record BucketVersioningArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required BucketVersioningVersioningConfigurationArgs VersioningConfiguration { get; init; }
}

/// <summary><c>aws:s3:BucketVersioning</c>.</summary>
public sealed class BucketVersioning(string name, BucketVersioningArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketVersioning", name, args, options);

public sealed record BucketPublicAccessBlockArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required bool BlockPublicAcls { get; init; }
    public required bool BlockPublicPolicy { get; init; }
    public required bool IgnorePublicAcls { get; init; }
    public required bool RestrictPublicBuckets { get; init; }
}

/// <summary><c>aws:s3:BucketPublicAccessBlock</c>.</summary>
public sealed class BucketPublicAccessBlock(string name, BucketPublicAccessBlockArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketPublicAccessBlock", name, args, options);

public sealed record BucketOwnershipControlsRuleArgs
{
    /// <summary><c>BucketOwnerEnforced</c> disables ACLs: the bucket owner owns every object and only policies grant access.</summary>
    public required string ObjectOwnership { get; init; }
}

public sealed record BucketOwnershipControlsArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required BucketOwnershipControlsRuleArgs Rule { get; init; }
}

/// <summary><c>aws:s3:BucketOwnershipControls</c>.</summary>
public sealed class BucketOwnershipControls(string name, BucketOwnershipControlsArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketOwnershipControls", name, args, options);

public sealed record BucketPolicyArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required PolicyDocument Policy { get; init; }
}

/// <summary><c>aws:s3:BucketPolicy</c>.</summary>
public sealed class BucketPolicy(string name, BucketPolicyArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketPolicy", name, args, options);

public sealed record BucketLifecycleConfigurationRuleFilterArgs
{
    /// <summary>The key prefix the rule applies to; null (an empty filter) for every object in the bucket.</summary>
    public string? Prefix { get; init; }
}

public sealed record BucketLifecycleConfigurationRuleExpirationArgs
{
    /// <summary>Current versions are expired this many days after they were written (in a versioned bucket: made noncurrent).</summary>
    public int? Days { get; init; }

    /// <summary>Removes delete markers that no longer hide any version.</summary>
    public bool? ExpiredObjectDeleteMarker { get; init; }
}

public sealed record BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs
{
    public required int NoncurrentDays { get; init; }
}

public sealed record BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs
{
    public required int DaysAfterInitiation { get; init; }
}

public sealed record BucketLifecycleConfigurationRuleArgs
{
    public required string Id { get; init; }
    public string Status { get; init; } = "Enabled";
    public required BucketLifecycleConfigurationRuleFilterArgs Filter { get; init; }
    public BucketLifecycleConfigurationRuleExpirationArgs? Expiration { get; init; }
    public BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs? NoncurrentVersionExpiration { get; init; }
    public BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs? AbortIncompleteMultipartUpload { get; init; }
}

public sealed record BucketLifecycleConfigurationArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required IReadOnlyList<BucketLifecycleConfigurationRuleArgs> Rules { get; init; }
}

/// <summary><c>aws:s3:BucketLifecycleConfiguration</c>.</summary>
public sealed class BucketLifecycleConfiguration(string name, BucketLifecycleConfigurationArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketLifecycleConfiguration", name, args, options);

public sealed record BucketNotificationLambdaFunctionArgs
{
    /// <summary>The configuration's id, unique in the bucket.</summary>
    public required string Id { get; init; }

    public required Input<string> LambdaFunctionArn { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public string? FilterPrefix { get; init; }
    public string? FilterSuffix { get; init; }
}

public sealed record BucketNotificationArgs : ResourceArgs
{
    public required Input<string> Bucket { get; init; }
    public required IReadOnlyList<BucketNotificationLambdaFunctionArgs> LambdaFunctions { get; init; }
}

/// <summary><c>aws:s3:BucketNotification</c>: a bucket's whole notification configuration (S3 keeps one per bucket).</summary>
public sealed class BucketNotification(string name, BucketNotificationArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:s3:BucketNotification", name, args, options);
