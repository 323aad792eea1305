using Platform.Infra.Aws;
using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Aws.Iam;
using Platform.Infra.Aws.Lambda;
using Platform.Infra.Core;

namespace Platform.Infra.Components;

/// <summary>What a rule delivers to.</summary>
public abstract record RuleTarget(Output<string> Arn);

/// <summary>A Lambda function, invoked asynchronously by EventBridge.</summary>
public sealed record FunctionTarget(Function Function) : RuleTarget(Function.Arn);

/// <summary>An SQS queue; its queue policy (which must name the rule) is the queue owner's.</summary>
public sealed record QueueTarget(Output<string> QueueArn) : RuleTarget(QueueArn);

public sealed record RuleSubscriptionArgs
{
    public required string Description { get; init; }

    /// <summary>The bus; null for the default bus (schedules).</summary>
    public EventBus? Bus { get; init; }

    public JsonValue? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    public required RuleTarget Target { get; init; }
    public required AlarmTargets Alarms { get; init; }
}

/// <summary>An EventBridge rule with its target, retry policy and dead-letter queue (and, for a function, the invoke permission scoped to the rule).</summary>
public sealed class RuleSubscription
{
    /// <summary>EventBridge's delivery retries before an event goes to the target's DLQ.</summary>
    public const int DeliveryRetryAttempts = 8;

    /// <summary>Events EventBridge could not deliver within this age go to the DLQ.</summary>
    public const int DeliveryMaximumEventAgeSeconds = 60 * 60;

    public RuleSubscription(string name, RuleSubscriptionArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Rule = new EventRule(name, new EventRuleArgs
        {
            Description = args.Description,
            EventBusName = args.Bus is null ? null : Input.FromOutput(args.Bus.Name),
            EventPattern = args.EventPattern,
            ScheduleExpression = args.ScheduleExpression,
        });

        DeadLetterQueue = new DeadLetterQueue($"{name}-dlq", $"events the {name} rule could not deliver", args.Alarms, queueArn => new PolicyStatement
        {
            Sid = "AllowRuleDeadLetters",
            ServicePrincipal = "events.amazonaws.com",
            Actions = ["sqs:SendMessage"],
            Resources = [queueArn],
            Conditions = SourceArn(Rule.Arn),
        });

        _ = new EventTarget($"{name}-target", new EventTargetArgs
        {
            Rule = Rule.Name,
            EventBusName = args.Bus is null ? null : Input.FromOutput(args.Bus.Name),
            Arn = args.Target.Arn,
            RetryPolicy = new EventTargetRetryPolicyArgs
            {
                MaximumRetryAttempts = DeliveryRetryAttempts,
                MaximumEventAgeInSeconds = DeliveryMaximumEventAgeSeconds,
            },
            DeadLetterConfig = new EventTargetDeadLetterConfigArgs { Arn = DeadLetterQueue.Queue.Arn },
        });

        if (args.Target is FunctionTarget function)
        {
            _ = new Permission($"{name}-permission", new PermissionArgs
            {
                Function = function.Function.Name,
                Principal = "events.amazonaws.com",
                SourceArn = Rule.Arn,
            });
        }
    }

    public EventRule Rule { get; }

    public DeadLetterQueue DeadLetterQueue { get; }

    /// <summary>The condition that limits a service principal to one source.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, Input<string>>> SourceArn(Output<string> arn) =>
        new Dictionary<string, IReadOnlyDictionary<string, Input<string>>>
        {
            ["ArnEquals"] = new Dictionary<string, Input<string>> { ["aws:SourceArn"] = arn },
        };
}
