using System.Diagnostics;
using System.Globalization;

namespace Platform.Local.Runner;

/// <summary>Starts helper processes (dynalite, builds) so that they die with the runner, even when it is SIGKILLed.</summary>
/// <remarks>The same watchdog the function instances use: a shell forks a watcher of its parent pid, then execs the command.</remarks>
internal static class ChildProcesses
{
    private const string Script = """
        runner=$1; shift
        (
          while :; do
            ppid=
            while read -r key value; do
              if [ "$key" = "PPid:" ]; then ppid=$value; break; fi
            done < /proc/$$/status || exit 0
            [ -n "$ppid" ] || exit 0
            if [ "$ppid" != "$runner" ]; then kill -9 $$; exit 0; fi
            sleep 0.2
          done
        ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    /// <summary>Runs a command to completion, returning its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, workingDirectory);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>Finds an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
