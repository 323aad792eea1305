using System.Net;
using System.Net.Sockets;
using Platform.Local.Runner;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>The runner refuses to start on a taken port, names it, and leaves no process behind.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData(0, "HTTP API")]
    [InlineData(1, "EventBridge")]
    [InlineData(2, "SQS")]
    [InlineData(3, "SES")]
    [InlineData(4, "DynamoDB")]
    [InlineData(5, "S3")]
    public async Task StartAsync_PortInUse_ThrowsNamingPortAndLeavesNoProcess(int offset, string endpoint)
    {
        // Arrange
        using var state = new TempDirectory();
        var port = FreePorts.FindBase();
        using var taken = new TcpListener(IPAddress.Loopback, port + offset);
        taken.Start();
        using var log = new StringWriter();

        // Act
        var error = await Assert.ThrowsAsync<StartupException>(() =>
            LocalPlatform.StartAsync(PlatformFixture.Options(state.Path, port), log, TestContext.Current.CancellationToken));

        // Assert
        Assert.Contains($"Port {port + offset}", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("--port", error.Message, StringComparison.Ordinal);
        Assert.Empty(Processes.Mentioning(state.Path));
    }

    [Fact]
    public async Task Run_NodeMissingFromPath_FailsNamingNodeBeforeBuildingAndLeavesNoProcess()
    {
        // Arrange
        using var state = new TempDirectory();
        using var emptyBin = new TempDirectory();
        var host = RunnerProcess.DotnetHost();
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = emptyBin.Path,
            ["DOTNET_ROOT"] = Path.GetDirectoryName(host),
        };

        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["--port", FreePorts.FindBase().ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state.Path, "--jit"], TimeSpan.FromMinutes(2), environment);

        // Assert
        Assert.True(exitCode == 1, output);
        Assert.Contains("Node.js was not found on PATH", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Processes.Mentioning(state.Path));
    }

    [Fact]
    public async Task Run_SettingOutOfRange_FailsNamingTheSettingAndLeavesNoProcess()
    {
        // Arrange
        using var state = new TempDirectory();
        var stackFile = Path.Combine(state.Path, "Pulumi.broken.yaml");
        var settings = await File.ReadAllTextAsync(Path.Combine(PlatformFixture.RepositoryRoot(), "Pulumi.dev.yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(stackFile, settings.Replace("platform:memorySize: 256", "platform:memorySize: 64", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["--port", FreePorts.FindBase().ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state.Path, "--jit", "--stack", "broken", "--config-file", stackFile],
            TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(exitCode == 1, output);
        Assert.Contains("The platform definition for stack 'broken' is broken", output, StringComparison.Ordinal);
        Assert.Contains("platform:memorySize", output, StringComparison.Ordinal);
        Assert.Empty(Processes.Mentioning(state.Path));
    }

    [Fact]
    public async Task Run_UnknownStack_FailsNamingTheMissingSettingsFile()
    {
        // Arrange
        using var state = new TempDirectory();

        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["--port", FreePorts.FindBase().ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state.Path, "--stack", "no-such-stack"], TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(exitCode == 1, output);
        Assert.Contains("Pulumi.no-such-stack.yaml does not exist", output, StringComparison.Ordinal);
        Assert.Empty(Processes.Mentioning(state.Path));
    }

    [Theory]
    [InlineData("dlq redrive payments-dlq", "either --all or the ids")]
    [InlineData("events", "events tail")]
    [InlineData("--port 70000", "--port must be a port number")]
    [InlineData("events tail --reset", "Unknown argument '--reset' for events tail")]
    [InlineData("--async-retry-delays 1s,soon", "--async-retry-delays takes durations")]
    [InlineData("--async-retry-delays", "--async-retry-delays needs a value")]
    [InlineData("notify", "notify needs the object's key")]
    public async Task Run_BadCommandLine_ExitsWithUsageNamingTheProblem(string arguments, string expected)
    {
        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(arguments.Split(' '), TimeSpan.FromMinutes(1));

        // Assert
        Assert.True(exitCode == 2, output);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetterList_NoRunnerOnThePort_SaysHowToStartOne()
    {
        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["dlq", "list", "--port", FreePorts.FindBase().ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));

        // Assert
        Assert.True(exitCode == 1, output);
        Assert.Contains("No local platform answers on http://127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project local", output, StringComparison.Ordinal);
    }
}
