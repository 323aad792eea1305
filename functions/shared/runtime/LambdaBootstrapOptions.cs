using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.Shared.Runtime;

/// <summary>Settings of the invocation loop, normally read from Lambda's environment variables.</summary>
public sealed class LambdaBootstrapOptions
{
    /// <summary>The function name (AWS_LAMBDA_FUNCTION_NAME).</summary>
    public string FunctionName { get; init; } = string.Empty;

    /// <summary>The minimum log level (AWS_LAMBDA_LOG_LEVEL).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Info;

    /// <summary>The CloudWatch metrics namespace (POWERTOOLS_METRICS_NAMESPACE).</summary>
    public string MetricsNamespace { get; init; } = EmfMetrics.DefaultNamespace;

    /// <summary>Whether each invocation's trace header is exported as the _X_AMZN_TRACE_ID environment variable, which the AWS SDKs read.</summary>
    public bool ExportTraceIdVariable { get; init; } = true;

    /// <summary>The largest safety margin between the context's cancellation and the deadline.</summary>
    public TimeSpan MaxCancellationMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The safety margin as a fraction of the invocation's remaining time, when that is smaller than <see cref="MaxCancellationMargin"/>.</summary>
    public double CancellationMarginFraction { get; init; } = 0.1;

    /// <summary>Reads AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_LOG_LEVEL and POWERTOOLS_METRICS_NAMESPACE.</summary>
    public static LambdaBootstrapOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_LOG_LEVEL and POWERTOOLS_METRICS_NAMESPACE from <paramref name="lookup"/>.</summary>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static LambdaBootstrapOptions FromEnvironment(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new LambdaBootstrapOptions
        {
            FunctionName = EnvironmentSettings.Optional("AWS_LAMBDA_FUNCTION_NAME", lookup) ?? string.Empty,
            MinimumLogLevel = JsonLogger.ParseLevel(lookup(JsonLogger.LogLevelVariable)),
            MetricsNamespace = EnvironmentSettings.Optional(EmfMetrics.NamespaceVariable, lookup) ?? EmfMetrics.DefaultNamespace,
        };
    }
}
