using Platform.Infra.Aws.Iam;
using Platform.Infra.Aws.S3;
using Platform.Infra.Core;
using Platform.Infra.Definition;

namespace Platform.Infra.Components;

/// <summary>What every platform bucket must be given; <c>required</c> so none of it can be forgotten.</summary>
public sealed record PlatformBucketArgs
{
    public required bool Versioned { get; init; }

    /// <summary>Current objects under a prefix expire after some days.</summary>
    public required IReadOnlyList<ObjectExpiry> Expirations { get; init; }

    public required int NoncurrentVersionExpiryDays { get; init; }
    public required int IncompleteUploadExpiryDays { get; init; }
}

/// <summary>
/// Our kind of bucket: private (every public access block on, ACLs disabled), encrypted by default with SSE-S3 (SSE-C refused),
/// TLS-only, versioned when asked, with lifecycle rules that expire what it says and clean up old versions and abandoned uploads.
/// </summary>
/// <remarks>Never force-destroyed: deleting the stack fails on a bucket that still holds objects rather than deleting them.</remarks>
public sealed class PlatformBucket
{
    /// <summary>The default encryption: SSE-S3, keys managed by S3, no KMS key policy to keep in step with every reader.</summary>
    public const string SseAlgorithm = "AES256";

    public PlatformBucket(string name, PlatformBucketArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Bucket = new Bucket(name, new BucketArgs { ForceDestroy = false });

        var publicAccessBlock = new BucketPublicAccessBlock($"{name}-public-access-block", new BucketPublicAccessBlockArgs
        {
            Bucket = Bucket.BucketName,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        });

        _ = new BucketOwnershipControls($"{name}-ownership-controls", new BucketOwnershipControlsArgs
        {
            Bucket = Bucket.BucketName,
            Rule = new BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        });

        _ = new BucketServerSideEncryptionConfiguration($"{name}-encryption", new BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = Bucket.BucketName,
            Rules =
            [
                new BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new() { SseAlgorithm = SseAlgorithm },
                    BlockedEncryptionTypes = ["SSE-C"],
                },
            ],
        });

        var versioning = args.Versioned
            ? new BucketVersioning($"{name}-versioning", new BucketVersioningArgs
            {
                Bucket = Bucket.BucketName,
                VersioningConfiguration = new BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
            })
            : null;

        // Both change who may access the bucket, and S3 refuses concurrent changes to one bucket (OperationAborted).
        Policy = new BucketPolicy($"{name}-policy", new BucketPolicyArgs
        {
            Bucket = Bucket.BucketName,
            Policy = new PolicyDocument([PolicyStatement.DenyInsecureTransport("s3:*", Bucket.Arn, Output.Format($"{Bucket.Arn}/*"))]),
        }, new CustomResourceOptions { DependsOn = [publicAccessBlock] });

        List<BucketLifecycleConfigurationRuleArgs> rules =
        [
            .. args.Expirations.Select(expiry => new BucketLifecycleConfigurationRuleArgs
            {
                Id = $"expire-{expiry.Prefix.TrimEnd('/').Replace('/', '-')}",
                Filter = new BucketLifecycleConfigurationRuleFilterArgs { Prefix = expiry.Prefix },
                Expiration = new BucketLifecycleConfigurationRuleExpirationArgs { Days = expiry.Days },
            }),
            new BucketLifecycleConfigurationRuleArgs
            {
                Id = "clean-up-versions-and-uploads",
                Filter = new BucketLifecycleConfigurationRuleFilterArgs(),
                Expiration = new BucketLifecycleConfigurationRuleExpirationArgs { ExpiredObjectDeleteMarker = true },
                NoncurrentVersionExpiration = new BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs { NoncurrentDays = args.NoncurrentVersionExpiryDays },
                AbortIncompleteMultipartUpload = new BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs { DaysAfterInitiation = args.IncompleteUploadExpiryDays },
            },
        ];

        // Versioning first, as the provider documents for rules on noncurrent versions.
        _ = new BucketLifecycleConfiguration($"{name}-lifecycle", new BucketLifecycleConfigurationArgs
        {
            Bucket = Bucket.BucketName,
            Rules = rules,
        }, new CustomResourceOptions { DependsOn = versioning is null ? [] : [versioning] });
    }

    public Bucket Bucket { get; }

    public BucketPolicy Policy { get; }

    /// <summary>The ARN that covers the objects under <paramref name="prefix"/> (e.g. <c>imports/</c> → <c>&lt;arn&gt;/imports/*</c>).</summary>
    public Output<string> ObjectsArn(string prefix) => Output.Format($"{Bucket.Arn}/{prefix}*");
}
