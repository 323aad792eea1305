using System.Globalization;
using System.Text.Json;

namespace Platform.Local.Queues.Internal;

/// <summary>Queue attributes as SQS's <c>Attributes</c> map of strings.</summary>
internal static class WireAttributes
{
    /// <summary>Attributes SQS accepts that the local queues store nowhere (encryption, access policy, FIFO tuning).</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "RedriveAllowPolicy",
    };

    private static readonly string[] Readable =
    [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
        "QueueArn", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "RedrivePolicy", "SqsManagedSseEnabled",
    ];

    public static QueueAttributes Apply(QueueAttributes current, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            current = name switch
            {
                "VisibilityTimeout" => current with { VisibilityTimeout = Seconds(name, value) },
                "MessageRetentionPeriod" => current with { MessageRetentionPeriod = Seconds(name, value) },
                "DelaySeconds" => current with { Delay = Seconds(name, value) },
                "ReceiveMessageWaitTimeSeconds" => current with { ReceiveMessageWaitTime = Seconds(name, value) },
                "MaximumMessageSize" => current with { MaximumMessageSize = Integer(name, value) },
                "RedrivePolicy" => current with { RedrivePolicy = value.Length == 0 ? null : Redrive(value) },
                "FifoQueue" when value == "false" => current,
                "FifoQueue" => throw Errors.InvalidAttributeValue("FIFO queues are not supported by the local runner."),
                _ when Ignored.Contains(name) => current,
                _ => throw new QueueException("InvalidAttributeName", $"Unknown Attribute {name}."),
            };
        }

        return current;
    }

    public static Dictionary<string, string> Read(QueueInfo queue, QueueDepth depth, IEnumerable<string> names)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name == "All")
            {
                wanted.UnionWith(Readable);
            }
            else if (Readable.Contains(name) || Ignored.Contains(name))
            {
                wanted.Add(name);
            }
            else
            {
                throw new QueueException("InvalidAttributeName", $"Unknown Attribute {name}.");
            }
        }

        var attributes = queue.Attributes;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            string? value = name switch
            {
                "ApproximateNumberOfMessages" => Text(depth.Visible),
                "ApproximateNumberOfMessagesNotVisible" => Text(depth.InFlight),
                "ApproximateNumberOfMessagesDelayed" => Text(depth.Delayed),
                "CreatedTimestamp" => Text(queue.CreatedAt.ToUnixTimeSeconds()),
                "LastModifiedTimestamp" => Text(queue.LastModifiedAt.ToUnixTimeSeconds()),
                "DelaySeconds" => Text((long)attributes.Delay.TotalSeconds),
                "MaximumMessageSize" => Text(attributes.MaximumMessageSize),
                "MessageRetentionPeriod" => Text((long)attributes.MessageRetentionPeriod.TotalSeconds),
                "QueueArn" => queue.Arn,
                "ReceiveMessageWaitTimeSeconds" => Text((long)attributes.ReceiveMessageWaitTime.TotalSeconds),
                "VisibilityTimeout" => Text((long)attributes.VisibilityTimeout.TotalSeconds),
                "RedrivePolicy" => attributes.RedrivePolicy is { } redrive
                    ? $"{{\"deadLetterTargetArn\":{JsonSerializer.Serialize(redrive.DeadLetterTargetArn, WireJson.Default.String)},\"maxReceiveCount\":{Text(redrive.MaxReceiveCount)}}}"
                    : null,
                "SqsManagedSseEnabled" => "false",
                _ => null,
            };
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static RedrivePolicy Redrive(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var arn = root.GetProperty("deadLetterTargetArn").GetString();
            var count = root.GetProperty("maxReceiveCount");
            var maxReceiveCount = count.ValueKind == JsonValueKind.String
                ? int.Parse(count.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
                : count.GetInt32();
            return new RedrivePolicy(arn ?? string.Empty, maxReceiveCount);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or OverflowException or InvalidOperationException)
        {
            throw Errors.InvalidAttributeValue("Value for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.");
        }
    }

    private static TimeSpan Seconds(string name, string value) => TimeSpan.FromSeconds(Integer(name, value));

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Errors.InvalidAttributeValue($"Invalid value for the parameter {name}.");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
