using System.Text.Json;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

public sealed class JsonLoggerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero);
    private readonly StringWriter _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public void Info_WithFields_WritesOneJsonLineWithStandardProperties()
    {
        // Arrange
        var sut = CreateSut().WithRequestId("req-1");

        // Act
        sut.Info("Order created", new LogField("orderId", "o-1"), new LogField("items", 3), new LogField("total", 12.5), new LogField("paid", false), new LogField("note", null));

        // Assert
        var line = Assert.Single(Lines());
        Assert.Equal("2026-11-25T10:00:00.123Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("Order created", line.GetProperty("message").GetString());
        Assert.Equal("req-1", line.GetProperty("requestId").GetString());
        Assert.Equal("o-1", line.GetProperty("orderId").GetString());
        Assert.Equal(3, line.GetProperty("items").GetInt32());
        Assert.Equal(12.5, line.GetProperty("total").GetDouble());
        Assert.False(line.GetProperty("paid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("note").ValueKind);
    }

    [Fact]
    public void Info_EmailInMessageAndValue_MasksIt()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Info("Sending receipt to jane.doe+orders@example.co.uk.", new LogField("recipient", "to: john@example.com"));

        // Assert
        var line = Assert.Single(Lines());
        Assert.Equal("Sending receipt to [email].", line.GetProperty("message").GetString());
        Assert.Equal("to: [email]", line.GetProperty("recipient").GetString());
        Assert.DoesNotContain("example", _output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("Authorization")]
    [InlineData("accessToken")]
    [InlineData("password")]
    [InlineData("clientSecret")]
    [InlineData("cookie")]
    [InlineData("email")]
    [InlineData("body")]
    public void Info_SensitiveFieldKey_RedactsValue(string key)
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Info("request", new LogField(key, "Bearer eyJhbGciOi"));

        // Assert
        var line = Assert.Single(Lines());
        Assert.Equal("[redacted]", line.GetProperty(key).GetString());
        Assert.DoesNotContain("eyJhbGciOi", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_BelowMinimumLevel_WritesNothing()
    {
        // Arrange
        var sut = CreateSut(LogLevel.Warn);

        // Act
        sut.Debug("debug");
        sut.Info("info");
        sut.Warn("warn");
        sut.Error("error");

        // Assert
        Assert.Equal(["WARN", "ERROR"], Lines().Select(line => line.GetProperty("level").GetString()));
    }

    [Fact]
    public void Error_WithException_WritesTypeAndMaskedMessage()
    {
        // Arrange
        var sut = CreateSut();
        Exception exception;
        try
        {
            throw new InvalidOperationException("Customer bob@example.org not found");
        }
        catch (InvalidOperationException caught)
        {
            exception = caught;
        }

        // Act
        sut.Error("Lookup failed", exception);

        // Assert
        var line = Assert.Single(Lines());
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal("System.InvalidOperationException", line.GetProperty("errorType").GetString());
        Assert.Equal("Customer [email] not found", line.GetProperty("errorMessage").GetString());
        Assert.Contains(nameof(Error_WithException_WritesTypeAndMaskedMessage), line.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TRACE", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("INFO", LogLevel.Info)]
    [InlineData("WARN", LogLevel.Warn)]
    [InlineData("ERROR", LogLevel.Error)]
    [InlineData("FATAL", LogLevel.Fatal)]
    [InlineData(null, LogLevel.Info)]
    [InlineData("verbose", LogLevel.Info)]
    public void ParseLevel_LambdaValue_ReturnsLevel(string? value, LogLevel expected)
    {
        // Act
        var level = JsonLogger.ParseLevel(value);

        // Assert
        Assert.Equal(expected, level);
    }

    [Fact]
    public void Info_MessageWithAtSignButNoEmail_KeepsMessage()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        sut.Info("Retry @ 5s for user@localhost and @mention");

        // Assert
        Assert.Equal("Retry @ 5s for user@localhost and @mention", Assert.Single(Lines()).GetProperty("message").GetString());
    }

    private JsonLogger CreateSut(LogLevel minimumLevel = LogLevel.Info) =>
        new(_output, new FakeTimeProvider(Now), minimumLevel);

    private List<JsonElement> Lines() =>
        [.. _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];
}
