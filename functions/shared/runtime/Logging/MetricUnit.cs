namespace Platform.Functions.Shared.Runtime.Logging;

/// <summary>CloudWatch metric units used by <see cref="EmfMetrics"/>.</summary>
public enum MetricUnit
{
    /// <summary>A count of things.</summary>
    Count,

    /// <summary>A duration in milliseconds.</summary>
    Milliseconds,

    /// <summary>A duration in seconds.</summary>
    Seconds,

    /// <summary>A size in bytes.</summary>
    Bytes,

    /// <summary>A percentage.</summary>
    Percent,

    /// <summary>A unitless value.</summary>
    None,
}
