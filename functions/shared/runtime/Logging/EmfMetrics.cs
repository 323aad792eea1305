using System.Buffers;
using Platform.Functions.Shared.Runtime.Internal;

namespace Platform.Functions.Shared.Runtime.Logging;

/// <summary>Publishes CloudWatch metrics as Embedded Metric Format log lines, one line per value, dimensioned by function name.</summary>
public sealed class EmfMetrics
{
    /// <summary>The environment variable that overrides the metric namespace.</summary>
    public const string NamespaceVariable = "POWERTOOLS_METRICS_NAMESPACE";

    /// <summary>The namespace used when <see cref="NamespaceVariable"/> is unset.</summary>
    public const string DefaultNamespace = "OrderPlatform";

    private const string FunctionNameDimension = "FunctionName";

    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a publisher that writes to <paramref name="output"/> (stdout in Lambda).</summary>
    /// <param name="output">Where the EMF lines go; writes are synchronised.</param>
    /// <param name="timeProvider">The clock for metric timestamps.</param>
    /// <param name="metricNamespace">The CloudWatch namespace.</param>
    /// <param name="functionName">The value of the FunctionName dimension.</param>
    public EmfMetrics(TextWriter output, TimeProvider timeProvider, string metricNamespace, string functionName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(metricNamespace);
        ArgumentNullException.ThrowIfNull(functionName);
        _output = TextWriter.Synchronized(output);
        _timeProvider = timeProvider;
        Namespace = metricNamespace;
        FunctionName = functionName;
    }

    /// <summary>The CloudWatch namespace.</summary>
    public string Namespace { get; }

    /// <summary>The value of the FunctionName dimension.</summary>
    public string FunctionName { get; }

    /// <summary>Records a count.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">How many; 1 by default.</param>
    public void Count(string name, double value = 1) => Record(name, value, MetricUnit.Count);

    /// <summary>Records a duration in milliseconds.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The duration in milliseconds.</param>
    public void Milliseconds(string name, double value) => Record(name, value, MetricUnit.Milliseconds);

    /// <summary>Records a value with a unit.</summary>
    /// <param name="name">The metric name; not FunctionName and not starting with an underscore.</param>
    /// <param name="value">The value; NaN and infinities are dropped because CloudWatch rejects them.</param>
    /// <param name="unit">The unit.</param>
    public void Record(string name, double value, MetricUnit unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == FunctionNameDimension || name.StartsWith('_'))
        {
            throw new ArgumentException($"'{name}' is reserved in Embedded Metric Format.", nameof(name));
        }

        if (!double.IsFinite(value))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = JsonLines.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString(nameof(Namespace), Namespace);
            writer.WriteStartArray("Dimensions");
            writer.WriteStartArray();
            writer.WriteStringValue(FunctionNameDimension);
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            writer.WriteStartObject();
            writer.WriteString("Name", name);
            writer.WriteString("Unit", UnitName(unit));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString(FunctionNameDimension, FunctionName);
            writer.WriteNumber(name, value);
            writer.WriteEndObject();
        }

        JsonLines.WriteLine(_output, buffer);
    }

    private static string UnitName(MetricUnit unit) => unit switch
    {
        MetricUnit.Count => "Count",
        MetricUnit.Milliseconds => "Milliseconds",
        MetricUnit.Seconds => "Seconds",
        MetricUnit.Bytes => "Bytes",
        MetricUnit.Percent => "Percent",
        _ => "None",
    };
}
