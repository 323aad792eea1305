namespace Platform.Infra.Definition;

/// <summary>Something that invokes a function.</summary>
public abstract record Trigger;

/// <summary>How an HTTP route is authorized.</summary>
public enum RouteAuthorization
{
    /// <summary>A JWT from the stack's issuer is required.</summary>
    Jwt,

    /// <summary>No authorization; only reads the stack declares public.</summary>
    Public,
}

/// <summary>An HTTP API route (payload format 2.0).</summary>
public sealed record HttpRoute(string Method, string Path, RouteAuthorization Authorization) : Trigger
{
    /// <summary>The route key as API Gateway writes it, e.g. <c>GET /orders/{id}</c>.</summary>
    public string RouteKey => Method + " " + Path;
}

/// <summary>An EventBridge event pattern: every listed field matches any of its values.</summary>
public sealed record EventPattern(IReadOnlyList<string> Source, IReadOnlyList<string> DetailType);

/// <summary>An EventBridge rule on the platform bus that invokes the function.</summary>
public sealed record EventSubscription(string RuleName, EventPattern Pattern) : Trigger;

/// <summary>The function consumes an SQS queue in batches.</summary>
public sealed record QueueTrigger(string QueueName, int BatchSize, int MaximumBatchingWindowSeconds, bool ReportBatchItemFailures) : Trigger;

/// <summary>A scheduled rule, as an EventBridge <c>rate(…)</c> or <c>cron(…)</c> expression.</summary>
public sealed record ScheduleTrigger(string RuleName, string Expression) : Trigger;

/// <summary>An SQS queue fed by an EventBridge rule, with redrive to its dead-letter queue.</summary>
public sealed record QueueDefinition
{
    public required string Name { get; init; }

    /// <summary>The rule that routes events into the queue.</summary>
    public required EventSubscription FedBy { get; init; }

    /// <summary>The function that consumes the queue.</summary>
    public required string Consumer { get; init; }

    public required int VisibilityTimeoutSeconds { get; init; }
    public required int MessageRetentionSeconds { get; init; }
    public required int MaxReceiveCount { get; init; }
    public required int DeadLetterRetentionSeconds { get; init; }
}
