namespace Platform.Local.Storage;

/// <summary>A notification callback threw; the event is not delivered again, as S3 gives up on a destination that refuses it.</summary>
public sealed class NotificationFailedEventArgs(string bucket, string configurationId, S3EventNotification notification, Exception exception) : EventArgs
{
    /// <summary>The bucket.</summary>
    public string Bucket { get; } = bucket;

    /// <summary>The rule whose callback failed.</summary>
    public string ConfigurationId { get; } = configurationId;

    /// <summary>The notification that was not delivered.</summary>
    public S3EventNotification Notification { get; } = notification;

    /// <summary>What the callback threw.</summary>
    public Exception Exception { get; } = exception;
}
