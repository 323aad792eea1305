using System.Globalization;

namespace Platform.Local.Queues.Internal;

/// <summary>A received message's system attributes, by the names SQS and the Lambda SQS event use.</summary>
internal static class MessageSystemAttributes
{
    public static IEnumerable<KeyValuePair<string, string>> Of(QueueMessage message)
    {
        yield return new("SenderId", message.SenderId);
        yield return new("ApproximateFirstReceiveTimestamp", Millis(message.ApproximateFirstReceiveTimestamp ?? message.SentTimestamp));
        yield return new("ApproximateReceiveCount", message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
        yield return new("SentTimestamp", Millis(message.SentTimestamp));
        if (message.DeadLetterQueueSourceArn is { } source)
        {
            yield return new("DeadLetterQueueSourceArn", source);
        }

        if (message.AwsTraceHeader is { } trace)
        {
            yield return new("AWSTraceHeader", trace);
        }
    }

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
