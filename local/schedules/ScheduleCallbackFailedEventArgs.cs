namespace Platform.Local.Schedules;

/// <summary>A rule's callback threw; the schedule goes on.</summary>
public sealed class ScheduleCallbackFailedEventArgs(ScheduledEvent scheduledEvent, Exception exception) : EventArgs
{
    /// <summary>The event the callback was given.</summary>
    public ScheduledEvent Event { get; } = scheduledEvent;

    /// <summary>What the callback threw.</summary>
    public Exception Exception { get; } = exception;
}
