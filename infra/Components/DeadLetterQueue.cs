using Platform.Infra.Aws.CloudWatch;
using Platform.Infra.Aws.Iam;
using Platform.Infra.Aws.Sqs;
using Platform.Infra.Core;

namespace Platform.Infra.Components;

/// <summary>A dead-letter queue: encrypted, kept 14 days, TLS-only, with an alarm on any visible message.</summary>
public sealed class DeadLetterQueue
{
    /// <summary>How long dead letters are kept: SQS's maximum, so there is time to redrive.</summary>
    public const int RetentionSeconds = 14 * 24 * 60 * 60;

    /// <param name="name">The queue's logical name (ends in <c>-dlq</c> or <c>-failures</c>).</param>
    /// <param name="purpose">What lands here, for the alarm's description.</param>
    /// <param name="alarms">Where the alarm goes.</param>
    /// <param name="allowSender">A statement letting a service deliver to the queue, built from the queue's ARN; null when only redrive or an execution role writes to it.</param>
    public DeadLetterQueue(string name, string purpose, AlarmTargets alarms, Func<Output<string>, PolicyStatement>? allowSender = null)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        Queue = new Queue(name, new QueueArgs
        {
            MessageRetentionSeconds = RetentionSeconds,
            SqsManagedSseEnabled = true,
        });

        List<PolicyStatement> statements = [PolicyStatement.DenyInsecureTransport("sqs:*", Queue.Arn)];
        if (allowSender is not null)
        {
            statements.Insert(0, allowSender(Queue.Arn));
        }

        _ = new QueuePolicy($"{name}-policy", new QueuePolicyArgs { QueueUrl = Queue.Url, Policy = new PolicyDocument(statements) });

        Alarm = new MetricAlarm($"{name}-alarm", new MetricAlarmArgs
        {
            AlarmDescription = $"Messages in {name}: {purpose}. Inspect them, fix the cause, then redrive (see README).",
            Namespace = "AWS/SQS",
            MetricName = "ApproximateNumberOfMessagesVisible",
            Dimensions = new Dictionary<string, Input<string>> { ["QueueName"] = Queue.Name },
            Statistic = "Maximum",
            Threshold = 0,
            ComparisonOperator = "GreaterThanThreshold",
            AlarmActions = [alarms.TopicArn],
            OkActions = [alarms.TopicArn],
        });
    }

    public Queue Queue { get; }

    public MetricAlarm Alarm { get; }
}
