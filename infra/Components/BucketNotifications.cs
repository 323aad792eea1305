using Platform.Infra.Aws.Lambda;
using Platform.Infra.Aws.S3;
using Platform.Infra.Core;
using Platform.Infra.Definition;

namespace Platform.Infra.Components;

/// <summary>A function a bucket invokes, and on what.</summary>
public sealed record BucketFunctionTarget(string Name, Function Function, StorageTrigger Trigger);

public sealed record BucketNotificationsArgs
{
    public required Bucket Bucket { get; init; }

    /// <summary>The account that owns the bucket: S3 ARNs carry none, so the permission names it.</summary>
    public required Output<string> AccountId { get; init; }

    public required IReadOnlyList<BucketFunctionTarget> Functions { get; init; }
}

/// <summary>
/// A bucket's notification configuration (S3 keeps exactly one per bucket, so every function it invokes is in this one resource),
/// with each function's invoke permission limited to this bucket in this account.
/// </summary>
/// <remarks>
/// S3 invokes asynchronously: retries and the on-failure destination are the function's (<see cref="PlatformFunction"/>).
/// S3 tests the permission when the configuration is saved, so the notification depends on every permission.
/// </remarks>
public sealed class BucketNotifications
{
    public BucketNotifications(string name, BucketNotificationsArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var permissions = args.Functions.Select(target => (CustomResource)new Permission($"{name}-{target.Name}-permission", new PermissionArgs
        {
            Function = target.Function.Name,
            Principal = "s3.amazonaws.com",
            SourceArn = args.Bucket.Arn,
            SourceAccount = args.AccountId,
        })).ToList();

        Notification = new BucketNotification(name, new BucketNotificationArgs
        {
            Bucket = args.Bucket.BucketName,
            LambdaFunctions =
            [
                .. args.Functions.Select(target => new BucketNotificationLambdaFunctionArgs
                {
                    Id = target.Name,
                    LambdaFunctionArn = target.Function.Arn,
                    Events = target.Trigger.Events,
                    FilterPrefix = target.Trigger.Prefix,
                    FilterSuffix = target.Trigger.Suffix,
                }),
            ],
        }, new CustomResourceOptions { DependsOn = permissions });
    }

    public BucketNotification Notification { get; }
}
