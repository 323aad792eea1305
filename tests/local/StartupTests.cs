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
    [InlineData(2, "SQS")]
    [InlineData(4, "DynamoDB")]
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
}
