using System.Collections.Concurrent;
using Platform.Local.EventBus;

namespace Platform.Tests.Local.EventBus.Support;

/// <summary>A target that fails its first <c>failures</c> attempts, then accepts; records every attempt.</summary>
public sealed class FakeTarget(string arn, int failures = 0) : IEventTarget
{
    private readonly TaskCompletionSource<(string EventJson, EventDelivery Delivery)> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Arn { get; } = arn;

    public ConcurrentQueue<EventDelivery> Attempts { get; } = new();

    /// <summary>Completes with the event that was finally accepted.</summary>
    public Task<(string EventJson, EventDelivery Delivery)> Delivered => _delivered.Task.Within();

    /// <summary>Completes when the bus has called the target once.</summary>
    public Task FirstAttempt => _firstAttempt.Task.Within();

    public Task DeliverAsync(string eventJson, EventDelivery delivery, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(delivery);
        _firstAttempt.TrySetResult();
        if (delivery.Attempt <= failures)
        {
            throw new EventTargetException("ThrottlingException", $"attempt {delivery.Attempt} throttled");
        }

        _delivered.TrySetResult((eventJson, delivery));
        return Task.CompletedTask;
    }
}

/// <summary>A dead-letter queue that keeps its messages.</summary>
public sealed class FakeDeadLetterSink(string arn) : IDeadLetterSink
{
    private readonly TaskCompletionSource<DeadLetterMessage> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Arn { get; } = arn;

    public Task<DeadLetterMessage> FirstMessage => _first.Task.Within();

    public ConcurrentQueue<DeadLetterMessage> Messages { get; } = new();

    public Task SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        Messages.Enqueue(message);
        _first.TrySetResult(message);
        return Task.CompletedTask;
    }
}

/// <summary>A clock that moves only when told to (the test's retry delay advances it).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}

public static class TaskExtensions
{
    /// <summary>How long a test waits for a condition before failing.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
}
