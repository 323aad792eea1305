using Microsoft.Extensions.Logging;

namespace Platform.Local.Lambda.Internal;

/// <summary>The host's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Function} [{ProcessId}] {Line}")]
    public static partial void FunctionOutput(ILogger logger, string function, int processId, string line);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Function} instance {ProcessId} started on {RuntimeApi}")]
    public static partial void InstanceStarted(ILogger logger, string function, int processId, string runtimeApi);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Function} REPORT RequestId: {RequestId} Duration: {DurationMs:F2} ms Memory Size: {MemoryMb} MB Init Duration: {InitMs:F2} ms Status: {Status}")]
    public static partial void ColdReport(ILogger logger, string function, string requestId, double durationMs, int memoryMb, double initMs, InvocationStatus status);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "{Function} REPORT RequestId: {RequestId} Duration: {DurationMs:F2} ms Memory Size: {MemoryMb} MB Status: {Status}")]
    public static partial void Report(ILogger logger, string function, string requestId, double durationMs, int memoryMb, InvocationStatus status);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Function} request {RequestId}: {ErrorType} {ErrorMessage}")]
    public static partial void InvocationFailed(ILogger logger, string function, string requestId, string errorType, string errorMessage);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Function} throttled: {Limit} instances busy ({Count} requests refused since the last report)")]
    public static partial void Throttled(ILogger logger, string function, int limit, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Function} async request {RequestId} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void AsyncRetry(ILogger logger, string function, string requestId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Function} async request {RequestId} sent to the on-failure destination: {Condition}")]
    public static partial void AsyncDiscarded(ILogger logger, string function, string requestId, string condition);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "{Function} on-failure destination failed for request {RequestId}")]
    public static partial void DestinationFailed(ILogger logger, string function, string requestId, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Function}: resuming {Count} asynchronous event(s) left pending by the previous run")]
    public static partial void AsyncResumed(ILogger logger, string function, int count);
}
