using System.Collections.Concurrent;
using Platform.Local.Storage;

namespace Platform.Tests.Local.Storage.Support;

/// <summary>A notification callback that keeps what it is given.</summary>
public sealed class Inbox
{
    private readonly ConcurrentQueue<S3EventNotification> _received = new();

    public IReadOnlyList<S3EventNotification> Received => [.. _received];

    public Task DeliverAsync(S3EventNotification notification, CancellationToken cancellationToken)
    {
        _received.Enqueue(notification);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits until the store has handed over every notification it queued. A write queues its notifications before it is
    /// answered, so after this the inbox holds all of them and no more can arrive.
    /// </summary>
    public static async Task DrainAsync(ObjectStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.PendingNotifications > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{store.PendingNotifications} notification(s) still pending after 10 s.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
