using System.Diagnostics;
using System.Text;

namespace Platform.Tests.Local.Support;

/// <summary>The runner's command line as a user runs it: <c>dotnet Platform.Local.dll …</c>, a real process with its output captured.</summary>
public sealed class RunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunnerProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>Starts the runner with <paramref name="arguments"/>; <paramref name="environment"/> entries replace (or, when null, remove) variables.</summary>
    public static RunnerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = PlatformFixture.RepositoryRoot(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Platform.Local.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var runner = new RunnerProcess(process);
        process.OutputDataReceived += (_, e) => runner.Append(e.Data);
        process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>SIGKILLs the runner alone, as <c>kill -9</c> does: its children get no signal and must notice by themselves.</summary>
    public void KillRunnerOnly()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Runs a command to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan deadline, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var runner = Start(arguments, environment);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            await runner._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The runner did not exit within {deadline.TotalSeconds:0} s. Its output:\n{runner.Output}");
        }

        // The exit can be seen before the last output lines are; WaitForExit without a timeout drains them.
        await runner._process.WaitForExitAsync(CancellationToken.None);
        return (runner.ExitCode, runner.Output);
    }

    /// <summary>The dotnet host that runs the tests, so that the runner needs nothing from PATH to start.</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The dotnet host was found neither in DOTNET_HOST_PATH nor on PATH.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
