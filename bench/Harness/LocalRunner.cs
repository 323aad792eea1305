using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Bench.Harness;

/// <summary>How the runner is started: as the README says (<c>dotnet run --project local</c>), without the build check, or its built dll.</summary>
public enum RunnerCommand
{
    DotnetRun,
    DotnetRunNoBuild,
    BuiltDll,
}

/// <summary>A start of the local runner: which build, which functions (Native AOT or JIT), where its state lives.</summary>
public sealed record RunnerLaunch
{
    public required string StateDirectory { get; init; }

    /// <summary>The runner's own build configuration (Debug is what <c>dotnet run --project local</c> runs).</summary>
    public string Configuration { get; init; } = "Release";

    public bool Jit { get; init; }

    public bool FastSchedules { get; init; }

    public RunnerCommand Command { get; init; } = RunnerCommand.BuiltDll;
}

/// <summary>The local runner (<c>local/</c>) as a child process on free ports, the way a developer starts it; stopped with SIGINT.</summary>
public sealed partial class LocalRunner : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<long> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalRunner(Process process, int port, long started)
    {
        _process = process;
        Port = port;
        Started = started;
    }

    /// <summary>The gateway's port; EventBridge, SQS, SES and DynamoDB take the next four.</summary>
    public int Port { get; }

    public Uri GatewayUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process started.</summary>
    public long Started { get; }

    /// <summary>The development JWT the runner printed.</summary>
    public string Token { get; private set; } = string.Empty;

    public string DemoCustomerId { get; private set; } = string.Empty;

    public int ProcessId => _process.Id;

    /// <summary>Completes with the timestamp at which the runner printed its summary (endpoints, routes, token).</summary>
    public Task<long> Printed => _ready.Task;

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

    /// <summary>Builds the runner (untimed), so that a timed start finds it "already built".</summary>
    public static async Task BuildAsync(BenchContext context, string configuration)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Say($"building the local runner ({configuration})");
        var (exitCode, output) = await Commands.RunAsync(
            "dotnet", ["build", "local", "-c", configuration, "--nologo", "-v", "q", "-clp:NoSummary"], context.RepositoryRoot, TimeSpan.FromMinutes(20), context.CancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Building the local runner failed:\n{output}");
        }
    }

    /// <summary>Starts the runner; returns at once (await <see cref="Printed"/> or poll the gateway).</summary>
    public static LocalRunner Start(BenchContext context, RunnerLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(launch);
        var port = FindFreeBasePort();
        string[] runnerArguments =
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state", launch.StateDirectory,
            "--reset",
            .. launch.Jit ? ["--jit"] : Array.Empty<string>(),
            .. launch.FastSchedules ? ["--fast-schedules"] : Array.Empty<string>(),
        ];
        string[] arguments = launch.Command switch
        {
            RunnerCommand.DotnetRun => ["run", "--project", "local", "-c", launch.Configuration, "--", .. runnerArguments],
            RunnerCommand.DotnetRunNoBuild => ["run", "--no-build", "--project", "local", "-c", launch.Configuration, "--", .. runnerArguments],
            _ => [Path.Combine(context.RepositoryRoot, "local", "bin", launch.Configuration, "net10.0", "Platform.Local.dll"), .. runnerArguments],
        };
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = context.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Commands.WithoutMSBuildVariables(start);
        var process = new Process { StartInfo = start };
        var started = Stopwatch.GetTimestamp();
        var runner = new LocalRunner(process, port, started);
        process.OutputDataReceived += (_, e) => runner.Read(e.Data);
        process.ErrorDataReceived += (_, e) => runner.Read(e.Data);
        process.Exited += (_, _) => runner._ready.TrySetException(new InvalidOperationException($"The runner exited with {process.ExitCode}:\n{runner.Output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Waits for the summary the runner prints once everything is up.</summary>
    public async Task WaitUntilPrintedAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            await Printed.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The runner printed no token within {deadline}:\n{Output}");
        }
    }

    /// <summary>The runner process and every process under it (function instances, dynalite).</summary>
    public IReadOnlyList<int> Descendants() => ProcessMemory.Descendants(_process.Id);

    /// <summary>The process running Platform.Local.dll itself (under <c>dotnet run</c> it is a child).</summary>
    public int RunnerProcessId() =>
        new[] { _process.Id }.Concat(Descendants()).FirstOrDefault(pid => ProcessMemory.CommandLine(pid).Contains("Platform.Local.dll", StringComparison.Ordinal), _process.Id);

    /// <summary>Stops the runner with SIGINT, as Ctrl+C does; kills the tree if it has not stopped within 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var runner = RunnerProcessId();
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", runner.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (kill is not null)
                {
                    await kill.WaitForExitAsync();
                }
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the start-up output and the latest lines; the functions' logs would grow without bound.
            if (_output.Length > 256 * 1024)
            {
                _output.Remove(16 * 1024, _output.Length - (128 * 1024));
            }

            _output.AppendLine(line);
        }

        if (CustomerPattern().Match(line) is { Success: true } customer)
        {
            DemoCustomerId = customer.Groups[1].Value;
        }

        const string tokenPrefix = "export TOKEN=";
        var at = line.IndexOf(tokenPrefix, StringComparison.Ordinal);
        if (at >= 0)
        {
            Token = line[(at + tokenPrefix.Length)..].Trim();
            _ready.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    private static int FindFreeBasePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(candidate, 5).All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No five consecutive free loopback ports were found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex("""customerId\\?":\\?"(usr_[0-9a-z]+)""")]
    private static partial Regex CustomerPattern();
}
