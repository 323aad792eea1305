using System.Threading.Channels;

namespace Platform.Local.Storage.Internal;

/// <summary>A rule and the callback it delivers to.</summary>
internal sealed record Subscription(NotificationRule Rule, Func<S3EventNotification, CancellationToken, Task> Deliver);

/// <summary>Hands notifications to their callbacks one at a time, in event order, off the request that caused them.</summary>
internal sealed class NotificationDispatcher : IAsyncDisposable
{
    private readonly Channel<(string Bucket, Subscription Subscription, S3EventNotification Notification)> _queue =
        Channel.CreateUnbounded<(string, Subscription, S3EventNotification)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<NotificationFailedEventArgs> _failed;
    private readonly Task _pump;
    private int _pending;

    public NotificationDispatcher(Action<NotificationFailedEventArgs> failed)
    {
        _failed = failed;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Notifications queued or being delivered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(string bucket, Subscription subscription, S3EventNotification notification)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite((bucket, subscription, notification)))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var (bucket, subscription, notification) in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await subscription.Deliver(notification, token).ConfigureAwait(false);
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    _failed(new NotificationFailedEventArgs(bucket, subscription.Rule.Id, notification, exception));
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping abandons what is still queued, as the runner's other asynchronous queues do.
        }
    }
}
