using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.Shared.Runtime;

/// <summary>What a handler knows about the current invocation: ids, deadline, cancellation, logger and metrics.</summary>
public sealed class LambdaContext
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a context; the runtime does this per invocation, tests do it directly.</summary>
    /// <param name="requestId">The invocation's request id.</param>
    /// <param name="deadline">When Lambda stops the invocation.</param>
    /// <param name="logger">The function's logger; the context's <see cref="Logger"/> carries <paramref name="requestId"/>.</param>
    /// <param name="metrics">The function's metrics publisher.</param>
    /// <param name="timeProvider">The clock for <see cref="RemainingTime"/>; the system clock when null.</param>
    /// <param name="cancellationToken">Fires shortly before the deadline.</param>
    public LambdaContext(
        string requestId,
        DateTimeOffset deadline,
        JsonLogger logger,
        EmfMetrics metrics,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        RequestId = requestId;
        Deadline = deadline;
        Logger = logger.RequestId == requestId ? logger : logger.WithRequestId(requestId);
        Metrics = metrics;
        _timeProvider = timeProvider ?? TimeProvider.System;
        CancellationToken = cancellationToken;
    }

    /// <summary>The invocation's request id.</summary>
    public string RequestId { get; }

    /// <summary>When Lambda stops the invocation.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>The ARN used to invoke the function, including a version or alias when one was used.</summary>
    public string InvokedFunctionArn { get; init; } = string.Empty;

    /// <summary>The function name, from AWS_LAMBDA_FUNCTION_NAME.</summary>
    public string FunctionName { get; init; } = string.Empty;

    /// <summary>The X-Ray trace header, also exported as _X_AMZN_TRACE_ID for the invocation; null when tracing is off.</summary>
    public string? TraceId { get; init; }

    /// <summary>The client context of a mobile SDK invocation, as sent.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The Cognito identity of a mobile SDK invocation, as sent.</summary>
    public string? CognitoIdentity { get; init; }

    /// <summary>Fires a safety margin before <see cref="Deadline"/>, leaving time to return a response or report failures.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The time left until <see cref="Deadline"/>, never negative.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - _timeProvider.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    /// <summary>The logger, carrying the request id.</summary>
    public JsonLogger Logger { get; }

    /// <summary>The metrics publisher.</summary>
    public EmfMetrics Metrics { get; }
}
