namespace Platform.Local.EventBus;

/// <summary>An event pattern that EventBridge would reject, with AWS's reason.</summary>
public sealed class InvalidEventPatternException : Exception
{
    public InvalidEventPatternException()
        : this("Unknown reason")
    {
    }

    public InvalidEventPatternException(string reason)
        : base("Event pattern is not valid. Reason: " + reason)
    {
        Reason = reason;
    }

    public InvalidEventPatternException(string reason, Exception innerException)
        : base("Event pattern is not valid. Reason: " + reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the pattern is invalid, worded as AWS's event-ruler words it.</summary>
    public string Reason { get; }
}
