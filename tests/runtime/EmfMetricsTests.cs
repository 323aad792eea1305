using System.Text.Json;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

public sealed class EmfMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly StringWriter _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public void Count_Value_WritesEmbeddedMetricFormatLine()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Count("OrdersCreated");

        // Assert
        using var document = JsonDocument.Parse(_output.ToString());
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(Now.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("OrderPlatform", directive.GetProperty("Namespace").GetString());
        var dimensionSet = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal("FunctionName", Assert.Single(dimensionSet.EnumerateArray()).GetString());
        var metric = Assert.Single(directive.GetProperty("Metrics").EnumerateArray());
        Assert.Equal("OrdersCreated", metric.GetProperty("Name").GetString());
        Assert.Equal("Count", metric.GetProperty("Unit").GetString());
        Assert.Equal("create-order", root.GetProperty("FunctionName").GetString());
        Assert.Equal(1, root.GetProperty("OrdersCreated").GetDouble());
    }

    [Fact]
    public void Milliseconds_Value_WritesUnitAndValue()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Milliseconds("PaymentLatency", 42.5);

        // Assert
        using var document = JsonDocument.Parse(_output.ToString());
        var metric = document.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")[0];
        Assert.Equal("Milliseconds", metric.GetProperty("Unit").GetString());
        Assert.Equal(42.5, document.RootElement.GetProperty("PaymentLatency").GetDouble());
    }

    [Fact]
    public void Count_CalledTwice_WritesOneLineEach()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Count("A");
        sut.Count("B", 3);

        // Assert
        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(3, second.RootElement.GetProperty("B").GetDouble());
    }

    [Fact]
    public void Record_NotFiniteValue_WritesNothing()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Record("Ratio", double.NaN, MetricUnit.Percent);

        // Assert
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void Record_ReservedName_Throws()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        var exception = Record.Exception(() => sut.Count("FunctionName"));

        // Assert
        Assert.IsType<ArgumentException>(exception);
    }

    private EmfMetrics CreateSut() => new(_output, new FakeTimeProvider(Now), EmfMetrics.DefaultNamespace, "create-order");
}
