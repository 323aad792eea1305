using System.Diagnostics;
using System.Globalization;

namespace Platform.Tests.Local.Support;

/// <summary>POSIX signals sent with <c>kill(1)</c>: pause, resume or kill one process the test started.</summary>
public static class Signals
{
    public static Task StopAsync(int processId) => SendAsync("-STOP", processId);

    public static Task ContinueAsync(int processId) => SendAsync("-CONT", processId);

    public static Task KillAsync(int processId) => SendAsync("-KILL", processId);

    private static async Task SendAsync(string signal, int processId)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(processId.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill(1) did not start.");
        var error = await kill.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(kill.ExitCode == 0, $"kill {signal} {processId}: {error}");
    }
}
