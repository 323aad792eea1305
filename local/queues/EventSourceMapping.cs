namespace Platform.Local.Queues;

/// <summary>A queue → function event source mapping, with Lambda's batching settings.</summary>
public sealed record EventSourceMapping(string QueueName)
{
    /// <summary>At most this many records per invocation (1 – 10,000; above 10 needs a batching window, as on AWS).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>How long to gather records before invoking with a partial batch (0 – 5 min).</summary>
    public TimeSpan MaximumBatchingWindow { get; init; } = TimeSpan.Zero;

    /// <summary>Whether the function reports failed records in <c>batchItemFailures</c> instead of failing the whole batch.</summary>
    public bool ReportBatchItemFailures { get; init; }
}

/// <summary>The outcome of one poll: records delivered, deleted after success, and left to reappear after their visibility timeout.</summary>
public readonly record struct PollResult(int Received, int Deleted, int Returned);
