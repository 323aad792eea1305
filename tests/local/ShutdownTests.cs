using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>The runner's children die with it, even when it gets no chance to stop them.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Run_RunnerSigkilled_NoDynaliteOrFunctionProcessOfTheRunRemains()
    {
        // Arrange: a runner as a real process, serving, with dynalite and a function instance started.
        using var state = new TempDirectory();
        using (await BuildCache.AcquireAsync(StartDeadline))
        {
            BuildCache.CopyTo(state.Path);
        }

        var port = FreePorts.FindBase();
        using var runner = RunnerProcess.Start(["--port", port.ToString(CultureInfo.InvariantCulture), "--state", state.Path, "--jit", "--reset", "--async-retry-delays", "1s,2s"]);
        await Poll.UntilAsync(() => runner.Output.Contains("Ctrl+C stops everything.", StringComparison.Ordinal) || runner.HasExited, StartDeadline, "the runner to serve");
        Assert.False(runner.HasExited, runner.Output);
        var token = runner.Output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("export TOKEN=", StringComparison.Ordinal))["export TOKEN=".Length..];
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/orders/ord_missing", UriKind.Relative)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var before = Processes.Mentioning(state.Path);
        Assert.Contains(before, p => p.Contains("dynalite", StringComparison.Ordinal));
        Assert.Contains(before, p => p.Contains(Path.Combine(state.Path, "build", "jit", "get-order"), StringComparison.Ordinal));

        // Act
        runner.KillRunnerOnly();

        // Assert
        await Poll.UntilAsync(
            () => Task.FromResult(Processes.Mentioning(state.Path)),
            remaining => remaining.Count == 0,
            TimeSpan.FromSeconds(15),
            "every process of the killed runner's state directory to exit");
    }
}
