using Platform.Local;

namespace Platform.Tests.Local;

/// <summary>The runner's command line, parsed as <c>dotnet run --project local -- …</c> receives it.</summary>
public sealed class CommandLineTests
{
    private const string Root = "/repo";

    [Theory]
    [InlineData("1s,2s", 1_000, 2_000)]
    [InlineData("500ms,2m", 500, 120_000)]
    [InlineData("0s", 0, null)]
    public void Parse_AsyncRetryDelays_SetsTheDelaysInOrder(string value, int firstMs, int? secondMs)
    {
        var (command, options) = LocalCommand.Parse(["--async-retry-delays", value], Root);

        Assert.Equal("run", command.Name);
        TimeSpan[] expected = secondMs is null
            ? [TimeSpan.FromMilliseconds(firstMs)]
            : [TimeSpan.FromMilliseconds(firstMs), TimeSpan.FromMilliseconds(secondMs.Value)];
        Assert.Equal(expected, options.AsyncRetryDelays);
    }

    [Fact]
    public void Parse_NoAsyncRetryDelays_KeepsLambdasOneAndTwoMinutes()
    {
        var (_, options) = LocalCommand.Parse(["--jit"], Root);

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], options.AsyncRetryDelays);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1h")]
    [InlineData("-1s")]
    [InlineData("1.5s")]
    [InlineData("1s,")]
    [InlineData(" 1s")]
    [InlineData("1s,2s,3s")]
    [InlineData("361m")]
    public void Parse_BadAsyncRetryDelays_ThrowsNamingTheOption(string value)
    {
        var error = Assert.Throws<UsageException>(() => LocalCommand.Parse(["--async-retry-delays", value], Root));

        Assert.Contains("--async-retry-delays", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AsyncRetryDelaysForAnotherCommand_ThrowsUnknownArgument()
    {
        var error = Assert.Throws<UsageException>(() => LocalCommand.Parse(["outbox", "--async-retry-delays", "1s"], Root));

        Assert.Contains("Unknown argument '--async-retry-delays' for outbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotifyWithVersion_TakesTheKeyVersionAndPort()
    {
        var (command, options) = LocalCommand.Parse(["notify", "imports/a.csv", "--version-id", "v1", "--port", "4000"], Root);

        Assert.Equal(("notify", "imports/a.csv", "v1"), (command.Name, command.Key, command.VersionId));
        Assert.Equal(4000, options.Port);
    }
}
