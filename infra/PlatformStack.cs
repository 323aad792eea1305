using Platform.Infra.Aws;
using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Aws.DynamoDB;
using Platform.Infra.Aws.Iam;
using Platform.Infra.Aws.Lambda;
using Platform.Infra.Aws.SesV2;
using Platform.Infra.Aws.Sns;
using Platform.Infra.Aws.Sqs;
using Platform.Infra.Components;
using Platform.Infra.Configuration;
using Platform.Infra.Core;
using Platform.Infra.Definition;

namespace Platform.Infra;

/// <summary>The platform rendered as a Pulumi program: the definition's functions and triggers on AWS resources.</summary>
public static class PlatformStack
{
    /// <summary>The Pulumi project name.</summary>
    public const string ProjectName = "platform";

    /// <summary>The program for <paramref name="configuration"/>; <paramref name="codePath"/> gives each function's publish directory.</summary>
    /// <exception cref="ConfigurationException">The configuration cannot be rendered; the message names the setting.</exception>
    public static PulumiProgram Build(StackConfiguration configuration, Func<FunctionDefinition, string> codePath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(codePath);
        PlatformModel model;
        try
        {
            model = PlatformDefinition.Build(configuration.Settings);
        }
        catch (ArgumentException exception)
        {
            throw new ConfigurationException($"Stack '{configuration.StackName}': {exception.Message}", exception);
        }

        return Build(configuration, model, codePath);
    }

    /// <summary>The program for an explicit <paramref name="model"/>, rendered with <paramref name="configuration"/>'s stack name and secrets.</summary>
    /// <remarks>The benchmarks render generated platforms of hundreds of functions through it (bench, suite 5).</remarks>
    public static PulumiProgram Build(StackConfiguration configuration, PlatformModel model, Func<FunctionDefinition, string> codePath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(codePath);
        return Deployment.Build(ProjectName, "The order platform: rendered by infra/ (dotnet run --project infra -- render --stack <stack>); do not edit.",
            deployment => Declare(deployment, configuration, model, codePath));
    }

    private static void Declare(Deployment deployment, StackConfiguration configuration, PlatformModel model, Func<FunctionDefinition, string> codePath)
    {
        var settings = model.Settings;

        // A secret setting is read through the program's config block, never written into it.
        Input<string> Setting(string key, string value) =>
            configuration.SecretKeys.Contains(key) ? deployment.Config(key, secret: true) : value;

        var alarmTopic = new Topic("alarm-topic", new TopicArgs { DisplayName = "Order platform alarms" });
        _ = new TopicSubscription("alarm-email", new TopicSubscriptionArgs
        {
            Topic = alarmTopic.Arn,
            Protocol = "email",
            Endpoint = Setting(SettingKeys.AlarmEmail, settings.AlarmEmail),
        });
        var alarms = new AlarmTargets
        {
            TopicArn = alarmTopic.Arn,
            ErrorThreshold = settings.AlarmErrorThreshold,
            ThrottleThreshold = settings.AlarmThrottleThreshold,
            DurationPercentOfTimeout = settings.AlarmDurationPercent,
        };

        var table = new Table("platform-table", new TableArgs
        {
            BillingMode = "PAY_PER_REQUEST",
            HashKey = model.Table.PartitionKey,
            RangeKey = model.Table.SortKey,
            Attributes =
            [
                new(model.Table.PartitionKey, "S"),
                new(model.Table.SortKey, "S"),
                new(model.Table.IndexPartitionKey, "S"),
                new(model.Table.IndexSortKey, "S"),
            ],
            GlobalSecondaryIndexes =
            [
                new TableGlobalSecondaryIndexArgs
                {
                    Name = model.Table.IndexName,
                    HashKey = model.Table.IndexPartitionKey,
                    RangeKey = model.Table.IndexSortKey,
                    ProjectionType = "ALL",
                },
            ],
            Ttl = new TableTtlArgs(model.Table.TimeToLiveAttribute, Enabled: true),
            ServerSideEncryption = new TableServerSideEncryptionArgs(Enabled: true),
            PointInTimeRecovery = new TablePointInTimeRecoveryArgs(settings.TablePointInTimeRecovery),
            DeletionProtectionEnabled = settings.TableDeletionProtection,
        }, new CustomResourceOptions { Protect = settings.TableDeletionProtection });

        var bus = new EventBus("event-bus", new EventBusArgs { Description = "The order platform's domain events." });
        var buckets = model.Buckets.ToDictionary(b => b.Name, b => new PlatformBucket($"{b.Name}-bucket", new PlatformBucketArgs
        {
            Versioned = b.Versioned,
            Expirations = b.Expirations,
            NoncurrentVersionExpiryDays = b.NoncurrentVersionExpiryDays,
            IncompleteUploadExpiryDays = b.IncompleteUploadExpiryDays,
        }), StringComparer.Ordinal);
        var sender = new EmailIdentity("sender-identity", new EmailIdentityArgs { EmailIdentity = Setting(SettingKeys.SenderEmail, settings.SenderEmail) });

        var queueDeadLetters = model.Queues.ToDictionary(
            q => q.Name,
            q => new DeadLetterQueue($"{q.Name}-dlq", $"{q.Name} messages that failed {q.MaxReceiveCount} receives", alarms),
            StringComparer.Ordinal);
        var queues = model.Queues.ToDictionary(q => q.Name, q => new Queue($"{q.Name}-queue", new QueueArgs
        {
            MessageRetentionSeconds = q.MessageRetentionSeconds,
            VisibilityTimeoutSeconds = q.VisibilityTimeoutSeconds,
            SqsManagedSseEnabled = true,
            RedrivePolicy = new JsonValue(new RedrivePolicy
            {
                DeadLetterTargetArn = queueDeadLetters[q.Name].Queue.Arn,
                MaxReceiveCount = q.MaxReceiveCount,
            }),
        }), StringComparer.Ordinal);

        var api = new HttpApi("api", new HttpApiArgs
        {
            CorsOrigins = [.. settings.CorsOrigins.Select(o => (Input<string>)o)],
            JwtIssuer = Setting(SettingKeys.JwtIssuer, settings.JwtIssuer),
            JwtAudience = Setting(SettingKeys.JwtAudience, settings.JwtAudience),
            ThrottlingBurstLimit = settings.ApiThrottlingBurstLimit,
            ThrottlingRateLimit = settings.ApiThrottlingRateLimit,
            LogRetentionDays = settings.LogRetentionDays,
            Api5xxThreshold = settings.AlarmApi5xxThreshold,
            Alarms = alarms,
        });

        var deadLetterUrls = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var deadLetterNames = new List<Output<string>>();
        var functionNameOutputs = new List<Output<string>>();
        var functionNames = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var bucketTargets = new Dictionary<string, List<BucketFunctionTarget>>(StringComparer.Ordinal);
        foreach (var definition in model.Functions)
        {
            var function = new PlatformFunction(definition.Name, new PlatformFunctionArgs
            {
                Description = $"{definition.Name} ({definition.ProjectPath})",
                Architecture = settings.Architecture == Architecture.Arm64 ? "arm64" : "x86_64",
                Code = new FileArchive(codePath(definition)),
                MemorySize = definition.MemorySize,
                TimeoutSeconds = definition.TimeoutSeconds,
                ReservedConcurrency = definition.ReservedConcurrency,
                LogLevel = settings.LogLevel,
                LogRetentionDays = settings.LogRetentionDays,
                Tracing = true,
                Environment = Environment(definition, configuration, table, bus),
                Permissions = Permissions(definition, model, table, bus, sender, queues, buckets),
                InvokedAsynchronously = definition.IsInvokedAsynchronously,
                Alarms = alarms,
            });
            functionNames[definition.Name] = function.Function.Name;
            functionNameOutputs.Add(function.Function.Name);
            if (function.FailureQueue is not null)
            {
                deadLetterUrls[$"{definition.Name}-failures"] = function.FailureQueue.Queue.Url;
                deadLetterNames.Add(function.FailureQueue.Queue.Name);
            }

            foreach (var trigger in definition.Triggers)
            {
                switch (trigger)
                {
                    case HttpRoute route:
                        api.AddRoute(definition.Name, function.Function, route);
                        break;
                    case EventSubscription subscription:
                        var rule = new RuleSubscription(subscription.RuleName, new RuleSubscriptionArgs
                        {
                            Description = $"{string.Join(", ", subscription.Pattern.DetailType)} → {definition.Name}",
                            Bus = bus,
                            EventPattern = Pattern(subscription.Pattern),
                            Target = new FunctionTarget(function.Function),
                            Alarms = alarms,
                        });
                        deadLetterUrls[$"{subscription.RuleName}-dlq"] = rule.DeadLetterQueue.Queue.Url;
                        deadLetterNames.Add(rule.DeadLetterQueue.Queue.Name);
                        break;
                    case ScheduleTrigger schedule:
                        var scheduled = new RuleSubscription(schedule.RuleName, new RuleSubscriptionArgs
                        {
                            Description = $"{schedule.Expression} → {definition.Name}",
                            ScheduleExpression = schedule.Expression,
                            Target = new FunctionTarget(function.Function),
                            Alarms = alarms,
                        });
                        deadLetterUrls[$"{schedule.RuleName}-dlq"] = scheduled.DeadLetterQueue.Queue.Url;
                        deadLetterNames.Add(scheduled.DeadLetterQueue.Queue.Name);
                        break;
                    case StorageTrigger storage:
                        if (!bucketTargets.TryGetValue(storage.Bucket, out var targets))
                        {
                            targets = [];
                            bucketTargets.Add(storage.Bucket, targets);
                        }

                        targets.Add(new BucketFunctionTarget(definition.Name, function.Function, storage));
                        break;
                    case QueueTrigger consumer:
                        _ = new EventSourceMapping($"{definition.Name}-{consumer.QueueName}-mapping", new EventSourceMappingArgs
                        {
                            EventSourceArn = queues[consumer.QueueName].Arn,
                            FunctionName = function.Function.Name,
                            BatchSize = consumer.BatchSize,
                            MaximumBatchingWindowInSeconds = consumer.MaximumBatchingWindowSeconds,
                            FunctionResponseTypes = consumer.ReportBatchItemFailures ? ["ReportBatchItemFailures"] : null,
                        });
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown trigger {trigger.GetType().Name}.");
                }
            }
        }

        if (bucketTargets.Count > 0)
        {
            var caller = GetCallerIdentity.Invoke("caller-identity");
            foreach (var (bucket, targets) in bucketTargets.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                _ = new BucketNotifications($"{bucket}-bucket-notification", new BucketNotificationsArgs
                {
                    Bucket = buckets[bucket].Bucket,
                    AccountId = caller.AccountId,
                    Functions = targets,
                });
            }
        }

        foreach (var definition in model.Queues)
        {
            var queue = queues[definition.Name];
            var feed = new RuleSubscription(definition.FedBy.RuleName, new RuleSubscriptionArgs
            {
                Description = $"{string.Join(", ", definition.FedBy.Pattern.DetailType)} → {definition.Name} queue",
                Bus = bus,
                EventPattern = Pattern(definition.FedBy.Pattern),
                Target = new QueueTarget(queue.Arn),
                Alarms = alarms,
            });
            _ = new QueuePolicy($"{definition.Name}-queue-policy", new QueuePolicyArgs
            {
                QueueUrl = queue.Url,
                Policy = new PolicyDocument(
                [
                    new PolicyStatement
                    {
                        Sid = "AllowRuleDelivery",
                        ServicePrincipal = "events.amazonaws.com",
                        Actions = ["sqs:SendMessage"],
                        Resources = [queue.Arn],
                        Conditions = RuleSubscription.SourceArn(feed.Rule.Arn),
                    },
                    PolicyStatement.DenyInsecureTransport("sqs:*", queue.Arn),
                ]),
            });
            deadLetterUrls[$"{definition.Name}-dlq"] = queueDeadLetters[definition.Name].Queue.Url;
            deadLetterUrls[$"{definition.FedBy.RuleName}-dlq"] = feed.DeadLetterQueue.Queue.Url;
            deadLetterNames.Add(queueDeadLetters[definition.Name].Queue.Name);
            deadLetterNames.Add(feed.DeadLetterQueue.Queue.Name);
        }

        _ = new OperationsDashboard("dashboard", new OperationsDashboardArgs
        {
            DashboardName = $"{ProjectName}-{configuration.StackName}",
            // Without a configured region (plugin discovery) the value does not matter; a deployed stack sets aws:region.
            Region = configuration.Region ?? "us-east-1",
            FunctionNames = functionNameOutputs,
            DeadLetterQueueNames = deadLetterNames,
            ApiId = api.Api.Id,
        });

        deployment.Export("apiUrl", api.Api.ApiEndpoint);
        deployment.Export("eventBusName", bus.Name);
        deployment.Export("eventBusArn", bus.Arn);
        deployment.Export("tableName", table.Name);
        deployment.Export("paymentsQueueUrl", queues[PlatformDefinition.PaymentsQueue].Url);
        deployment.Export("deadLetterQueueUrls", deadLetterUrls);
        deployment.Export("functionNames", functionNames);
        deployment.Export("alarmTopicArn", alarmTopic.Arn);
        foreach (var (name, bucket) in buckets)
        {
            deployment.Export($"{name}BucketName", bucket.Bucket.BucketName);
            deployment.Export($"{name}BucketArn", bucket.Bucket.Arn);
        }
    }

    private static JsonValue Pattern(EventPattern pattern) => new(new SortedDictionary<string, object>(StringComparer.Ordinal)
    {
        ["source"] = pattern.Source,
        ["detail-type"] = pattern.DetailType,
    });

    private static Dictionary<string, Input<string>> Environment(FunctionDefinition definition, StackConfiguration configuration, Table table, EventBus bus) =>
        definition.Environment.ToDictionary(
            variable => variable.Name,
            variable => variable.Value switch
            {
                TableNameValue => (Input<string>)table.Name,
                EventBusNameValue => bus.Name,
                SettingValue setting when configuration.SecretKeys.Contains(setting.SettingKey) => throw new ConfigurationException(
                    $"{SettingKeys.Qualified(setting.SettingKey)} is secret, but {definition.Name} reads it from the environment variable {variable.Name}, " +
                    "which Lambda shows in plain text; keep it a plain value or move it to a secret store."),
                SettingValue setting => setting.Value,
                LiteralValue literal => literal.Value,
                _ => throw new InvalidOperationException($"Unknown environment value for {variable.Name}."),
            },
            StringComparer.Ordinal);

    private static List<PolicyStatement> Permissions(
        FunctionDefinition definition,
        PlatformModel model,
        Table table,
        EventBus bus,
        EmailIdentity sender,
        Dictionary<string, Queue> queues,
        Dictionary<string, PlatformBucket> buckets)
    {
        var access = definition.Access;
        List<PolicyStatement> statements = [];
        var tableActions = access.Table.Where(a => a != TableAction.Query || !access.QueriesIndex).Select(a => "dynamodb:" + a).ToList();
        if (tableActions.Count > 0)
        {
            statements.Add(new PolicyStatement { Sid = "Table", Actions = tableActions, Resources = [table.Arn] });
        }

        if (access.QueriesIndex)
        {
            statements.Add(new PolicyStatement
            {
                Sid = "QueryIndex",
                Actions = ["dynamodb:Query"],
                Resources = [Output.Format($"{table.Arn}/index/{model.Table.IndexName}")],
            });
        }

        if (access.PutsEvents)
        {
            statements.Add(new PolicyStatement { Sid = "PublishEvents", Actions = ["events:PutEvents"], Resources = [bus.Arn] });
        }

        if (access.SendsEmail)
        {
            statements.Add(new PolicyStatement { Sid = "SendEmail", Actions = ["ses:SendEmail"], Resources = [sender.Arn] });
        }

        // Exact object actions on exact key prefixes, and listing only under them: no s3:*, so nothing outside is even visible.
        foreach (var objects in access.Objects)
        {
            var bucket = buckets[objects.Bucket];
            statements.Add(objects.Action == ObjectAction.ListBucket
                ? new PolicyStatement
                {
                    Sid = Pascal(objects.Bucket) + objects.Action + Pascal(objects.Prefix),
                    Actions = ["s3:ListBucket"],
                    Resources = [bucket.Bucket.Arn],
                    Conditions = new Dictionary<string, IReadOnlyDictionary<string, Input<string>>>
                    {
                        ["StringLike"] = new Dictionary<string, Input<string>> { ["s3:prefix"] = objects.Prefix + "*" },
                    },
                }
                : new PolicyStatement
                {
                    Sid = Pascal(objects.Bucket) + objects.Action + Pascal(objects.Prefix),
                    Actions = ["s3:" + objects.Action],
                    Resources = [bucket.ObjectsArn(objects.Prefix)],
                });
        }

        foreach (var consumer in definition.Triggers.OfType<QueueTrigger>())
        {
            statements.Add(new PolicyStatement
            {
                Sid = "Consume" + Pascal(consumer.QueueName),
                Actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
                Resources = [queues[consumer.QueueName].Arn],
            });
        }

        return statements;
    }

    // IAM statement ids are alphanumeric: "imports/" → "Imports", "payments" → "Payments".
    private static string Pascal(string text) => string.Concat(
        text.Split(['/', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
