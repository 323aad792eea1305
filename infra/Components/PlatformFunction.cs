using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Aws.Iam;
using Platform.Infra.Aws.Lambda;
using Platform.Infra.Core;

namespace Platform.Infra.Components;

/// <summary>What every platform function must be given; <c>required</c> so none of it can be forgotten.</summary>
public sealed record PlatformFunctionArgs
{
    public required string Description { get; init; }
    public required string Architecture { get; init; }
    public required FileArchive Code { get; init; }
    public required int MemorySize { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required int ReservedConcurrency { get; init; }
    public required string LogLevel { get; init; }
    public required int LogRetentionDays { get; init; }
    public required bool Tracing { get; init; }
    public required IReadOnlyDictionary<string, Input<string>> Environment { get; init; }

    /// <summary>What the function may touch beyond its own logs: exact actions on exact resources.</summary>
    public required IReadOnlyList<PolicyStatement> Permissions { get; init; }

    /// <summary>Whether something invokes it asynchronously (then it gets an on-failure destination).</summary>
    public required bool InvokedAsynchronously { get; init; }

    public required AlarmTargets Alarms { get; init; }
}

/// <summary>Our kind of Lambda: Native AOT on provided.al2023, its own role and inline policy, its log group, alarms and, when invoked asynchronously, retries with an on-failure queue.</summary>
public sealed class PlatformFunction
{
    /// <summary>Asynchronous invocations: Lambda's retries of a failed handler before the event goes to the failure queue.</summary>
    public const int AsyncRetryAttempts = 2;

    /// <summary>Asynchronous invocations older than this go to the failure queue unprocessed.</summary>
    public const int AsyncMaximumEventAgeSeconds = 6 * 60 * 60;

    public PlatformFunction(string name, PlatformFunctionArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        LogGroup = new LogGroup($"{name}-logs", new LogGroupArgs { RetentionInDays = args.LogRetentionDays });

        Role = new Role($"{name}-role", new RoleArgs
        {
            Description = $"Execution role of the {name} function.",
            AssumeRolePolicy = PolicyDocument.AssumeRole("lambda.amazonaws.com"),
        });

        if (args.InvokedAsynchronously)
        {
            FailureQueue = new DeadLetterQueue($"{name}-failures", $"asynchronous invocations of {name} that failed after retries", args.Alarms);
        }

        List<PolicyStatement> statements =
        [
            new PolicyStatement
            {
                Sid = "WriteOwnLogs",
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                // Lambda names the streams itself; the group is exact.
                Resources = [Output.Format($"{LogGroup.Arn}:log-stream:*")],
            },
            .. args.Permissions,
        ];
        if (FailureQueue is not null)
        {
            statements.Add(new PolicyStatement { Sid = "SendFailedInvocations", Actions = ["sqs:SendMessage"], Resources = [FailureQueue.Queue.Arn] });
        }

        _ = new RolePolicy($"{name}-policy", new RolePolicyArgs { Role = Role.Id, Policy = new PolicyDocument(statements) });

        // X-Ray has no resource-level permissions, so its actions come from AWS's managed policy rather than a '*' of ours.
        var tracing = args.Tracing
            ? new RolePolicyAttachment($"{name}-tracing", new RolePolicyAttachmentArgs
            {
                Role = Role.Name,
                PolicyArn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
            })
            : null;

        Function = new Function(name, new FunctionArgs
        {
            Description = args.Description,
            Role = Role.Arn,
            Runtime = "provided.al2023",
            Handler = "bootstrap",
            Architectures = [args.Architecture],
            Code = args.Code,
            MemorySize = args.MemorySize,
            Timeout = args.TimeoutSeconds,
            ReservedConcurrentExecutions = args.ReservedConcurrency,
            Environment = new FunctionEnvironmentArgs { Variables = args.Environment },
            LoggingConfig = new FunctionLoggingConfigArgs { LogGroup = LogGroup.Name, ApplicationLogLevel = args.LogLevel, SystemLogLevel = "WARN" },
            TracingConfig = new FunctionTracingConfigArgs { Mode = args.Tracing ? "Active" : "PassThrough" },
        }, new CustomResourceOptions { DependsOn = tracing is null ? [] : [tracing] });

        if (FailureQueue is not null)
        {
            _ = new FunctionEventInvokeConfig($"{name}-invoke-config", new FunctionEventInvokeConfigArgs
            {
                FunctionName = Function.Name,
                MaximumRetryAttempts = AsyncRetryAttempts,
                MaximumEventAgeInSeconds = AsyncMaximumEventAgeSeconds,
                DestinationConfig = new FunctionEventInvokeConfigDestinationConfigArgs
                {
                    OnFailure = new FunctionEventInvokeConfigDestinationConfigOnFailureArgs { Destination = FailureQueue.Queue.Arn },
                },
            });
        }

        Alarm("errors", "Errors", "Sum", null, args.Alarms.ErrorThreshold, $"{name} failed (its trigger retries; see the DLQs).");
        Alarm("throttles", "Throttles", "Sum", null, args.Alarms.ThrottleThreshold, $"{name} was throttled (reserved concurrency {args.ReservedConcurrency}).");
        Alarm("duration", "Duration", null, "p99", args.TimeoutSeconds * 10.0 * args.Alarms.DurationPercentOfTimeout,
            $"{name}'s p99 duration is above {args.Alarms.DurationPercentOfTimeout}% of its {args.TimeoutSeconds} s timeout.");

        void Alarm(string suffix, string metric, string? statistic, string? extendedStatistic, double threshold, string description) =>
            _ = new MetricAlarm($"{name}-{suffix}-alarm", new MetricAlarmArgs
            {
                AlarmDescription = description,
                Namespace = "AWS/Lambda",
                MetricName = metric,
                Dimensions = new Dictionary<string, Input<string>> { ["FunctionName"] = Function.Name },
                Statistic = statistic,
                ExtendedStatistic = extendedStatistic,
                Threshold = threshold,
                ComparisonOperator = "GreaterThanOrEqualToThreshold",
                AlarmActions = [args.Alarms.TopicArn],
                OkActions = [args.Alarms.TopicArn],
            });
    }

    public Function Function { get; }

    public Role Role { get; }

    public LogGroup LogGroup { get; }

    /// <summary>The on-failure destination of asynchronous invocations; null for functions invoked only synchronously or by polling.</summary>
    public DeadLetterQueue? FailureQueue { get; }
}
