namespace Platform.Local.Queues.Internal;

/// <summary>One queue: attributes, messages in send order, and the signal long polls wait on.</summary>
internal sealed class QueueState
{
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required string Name { get; init; }

    public required QueueAttributes Attributes { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastModifiedAt { get; set; }

    public List<StoredMessage> Messages { get; init; } = [];

    /// <summary>Completes when a message may have become receivable; read under the service lock.</summary>
    public Task Arrived => _arrived.Task;

    /// <summary>Wakes every waiting receive; call under the service lock.</summary>
    public void Signal()
    {
        var arrived = _arrived;
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    /// <summary>Drops the messages older than the retention period; returns whether any was dropped.</summary>
    public bool DropExpired(DateTimeOffset now)
    {
        var retention = Attributes.MessageRetentionPeriod;
        return Messages.RemoveAll(message => message.SentAt + retention <= now) > 0;
    }

    public QueueDepth Depth(DateTimeOffset now)
    {
        int visible = 0, inFlight = 0, delayed = 0;
        foreach (var message in Messages)
        {
            if (message.VisibleAt <= now)
            {
                visible++;
            }
            else if (message.ReceiveCount > 0)
            {
                inFlight++;
            }
            else
            {
                delayed++;
            }
        }

        return new QueueDepth(visible, inFlight, delayed);
    }
}
