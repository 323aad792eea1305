namespace Platform.Functions.Shared.Runtime.Logging;

/// <summary>Log levels, in the order of Lambda's <c>AWS_LAMBDA_LOG_LEVEL</c> values.</summary>
public enum LogLevel
{
    /// <summary>Fine-grained diagnostics.</summary>
    Trace = 0,

    /// <summary>Diagnostics for developers.</summary>
    Debug = 1,

    /// <summary>Normal operation.</summary>
    Info = 2,

    /// <summary>Something unexpected that the function recovered from.</summary>
    Warn = 3,

    /// <summary>An operation failed.</summary>
    Error = 4,

    /// <summary>The process cannot continue.</summary>
    Fatal = 5,
}
