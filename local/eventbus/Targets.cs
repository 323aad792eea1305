namespace Platform.Local.EventBus;

/// <summary>Where a rule sends the events it matches (a Lambda function, a queue…); implemented by the local runner.</summary>
public interface IEventTarget
{
    /// <summary>The target's ARN, reported in dead-letter messages as TARGET_ARN.</summary>
    string Arn { get; }

    /// <summary>Delivers one event; throwing (ideally an <see cref="EventTargetException"/>) makes the bus retry per the rule's policy.</summary>
    Task DeliverAsync(string eventJson, EventDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>The context of one delivery attempt.</summary>
/// <param name="EventId">The event's <c>id</c>.</param>
/// <param name="RuleArn">The rule that matched.</param>
/// <param name="TargetArn">The target being invoked.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, and so on.</param>
/// <param name="TraceHeader">The X-Ray trace header given to PutEvents, if any.</param>
public sealed record EventDelivery(string EventId, string RuleArn, string TargetArn, int Attempt, string? TraceHeader);

/// <summary>A target failure with the error code that EventBridge reports for it (ERROR_CODE in the dead-letter message).</summary>
public sealed class EventTargetException : Exception
{
    public EventTargetException()
        : this("InternalException", "The target failed.")
    {
    }

    public EventTargetException(string message)
        : this("InternalException", message)
    {
    }

    public EventTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "InternalException";
    }

    public EventTargetException(string errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>For example <c>ResourceNotFoundException</c> or <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }
}

/// <summary>A rule target's dead-letter queue; implemented by the local SQS component.</summary>
public interface IDeadLetterSink
{
    /// <summary>The queue's ARN.</summary>
    string Arn { get; }

    /// <summary>Stores an event that could not be delivered, with its message attributes.</summary>
    Task SendAsync(DeadLetterMessage message, CancellationToken cancellationToken);
}

/// <summary>An undeliverable event: the body is the event JSON; attributes are EventBridge's (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS).</summary>
public sealed record DeadLetterMessage(string Body, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A target's retry policy, with the bounds EventBridge accepts.</summary>
public sealed record RetryPolicy
{
    /// <summary>EventBridge's default: 185 retries within 24 hours.</summary>
    public static readonly RetryPolicy Default = new(185, 86_400);

    public RetryPolicy(int maximumRetryAttempts, int maximumEventAgeInSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumRetryAttempts, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumRetryAttempts, 185);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumEventAgeInSeconds, 60);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumEventAgeInSeconds, 86_400);
        MaximumRetryAttempts = maximumRetryAttempts;
        MaximumEventAgeInSeconds = maximumEventAgeInSeconds;
    }

    /// <summary>0 to 185.</summary>
    public int MaximumRetryAttempts { get; }

    /// <summary>60 to 86,400 seconds.</summary>
    public int MaximumEventAgeInSeconds { get; }
}

/// <summary>An event accepted by the bus, with the rules it matched (for <c>events tail</c> and the inspection page).</summary>
public sealed record MatchedEvent(
    string EventId,
    string BusName,
    string Source,
    string DetailType,
    DateTimeOffset ReceivedAt,
    string EventJson,
    IReadOnlyList<string> MatchedRules,
    string? TraceHeader);
