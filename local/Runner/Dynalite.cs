using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Platform.Local.Runner;

/// <summary>dynalite, a DynamoDB API server on LevelDB, started and stopped by the runner, its data kept in the state directory.</summary>
/// <remarks>
/// Supervised: if dynalite exits while the runner runs (a crash, an OOM kill, a stray kill), it is started again on the same port
/// with the same data, and the console says so. Requests that reach it meanwhile fail as a DynamoDB outage would.
/// </remarks>
internal sealed class Dynalite : IAsyncDisposable
{
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(1);
    private readonly string _node;
    private readonly string _cli;
    private readonly string _repositoryRoot;
    private readonly string _dataDirectory;
    private readonly int _port;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stopping = new();
    private Process _process = null!;
    private Task _supervisor = Task.CompletedTask;
    private TaskCompletionSource? _outage;

    private Dynalite(string node, string cli, string repositoryRoot, string dataDirectory, int port, TextWriter log)
    {
        _node = node;
        _cli = cli;
        _repositoryRoot = repositoryRoot;
        _dataDirectory = dataDirectory;
        _port = port;
        _log = log;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    /// <summary>The process id of the dynalite serving now.</summary>
    public int ProcessId => Volatile.Read(ref _process).Id;

    /// <summary>Fails before anything is built or started when Node.js (or npm, while dynalite is not installed yet) is missing.</summary>
    public static void CheckPrerequisites(string repositoryRoot)
    {
        _ = ChildProcesses.FindOnPath("node")
            ?? throw new StartupException("Node.js was not found on PATH: the runner needs it for dynalite (the DynamoDB API server). Install Node.js 20 and try again.");
        if (!File.Exists(Path.Combine(repositoryRoot, "node_modules", "dynalite", "cli.js")))
        {
            _ = ChildProcesses.FindOnPath("npm") ?? throw new StartupException("npm was not found on PATH: it installs dynalite from package-lock.json. Install Node.js 20 with npm and try again.");
        }
    }

    /// <summary>Installs dynalite from the lockfile when missing, starts it, waits until it answers and supervises it.</summary>
    public static async Task<Dynalite> StartAsync(string repositoryRoot, string dataDirectory, int port, TextWriter log, CancellationToken cancellationToken)
    {
        var node = ChildProcesses.FindOnPath("node")
            ?? throw new StartupException("Node.js was not found on PATH: the runner needs it for dynalite (the DynamoDB API server). Install Node.js 20 and try again.");
        var cli = Path.Combine(repositoryRoot, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            var npm = ChildProcesses.FindOnPath("npm") ?? throw new StartupException("npm was not found on PATH: it installs dynalite from package-lock.json.");
            await log.WriteLineAsync("Installing dynalite from package-lock.json (npm ci)…");
            var (exitCode, output) = await ChildProcesses.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], repositoryRoot, cancellationToken);
            if (exitCode != 0 || !File.Exists(cli))
            {
                throw new StartupException($"npm ci failed ({exitCode}); dynalite is not installed:\n{output}");
            }
        }

        Directory.CreateDirectory(dataDirectory);
        var dynalite = new Dynalite(node, cli, repositoryRoot, dataDirectory, port, log);
        dynalite._process = await dynalite.LaunchAsync(cancellationToken);
        dynalite._supervisor = dynalite.SuperviseAsync();
        return dynalite;
    }

    /// <summary>Kills dynalite and keeps it down until <see cref="EndOutage"/>: a DynamoDB outage, for fault tests.</summary>
    public async Task BeginOutageAsync()
    {
        var outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _outage, outage, null) is not null)
        {
            throw new InvalidOperationException("dynalite is already down.");
        }

        var process = Volatile.Read(ref _process);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Ends an outage begun by <see cref="BeginOutageAsync"/>: the supervisor starts dynalite again.</summary>
    public void EndOutage() => Interlocked.Exchange(ref _outage, null)?.TrySetResult();

    /// <summary>A DynamoDB client for this server.</summary>
    public AmazonDynamoDBClient CreateClient() =>
        new(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _supervisor;
        var process = Volatile.Read(ref _process);
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task SuperviseAsync()
    {
        while (true)
        {
            var process = Volatile.Read(ref _process);
            try
            {
                await process.WaitForExitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (Volatile.Read(ref _outage) is { } outage)
            {
                try
                {
                    await outage.Task.WaitAsync(_stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dynalite (DynamoDB) exited with code {process.ExitCode}; restarting it on port {_port} with the data in {_dataDirectory}…"));
            while (true)
            {
                try
                {
                    var restarted = await LaunchAsync(_stopping.Token);
                    Volatile.Write(ref _process, restarted);
                    process.Dispose();
                    await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dynalite is back on port {_port}."));
                    break;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (StartupException failed)
                {
                    await _log.WriteLineAsync($"dynalite did not restart ({failed.Message}); trying again.");
                    try
                    {
                        await Task.Delay(RestartBackoff, _stopping.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task<Process> LaunchAsync(CancellationToken cancellationToken)
    {
        var process = ChildProcesses.Start(_node, [_cli, "--host", "127.0.0.1", "--port", _port.ToString(CultureInfo.InvariantCulture), "--path", _dataDirectory, "--createTableMs", "0"], _repositoryRoot);
        process.StandardInput.Close();
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    string reason;
                    lock (stderr)
                    {
                        reason = stderr.ToString();
                    }

                    throw new StartupException(reason.Contains("EADDRINUSE", StringComparison.Ordinal)
                        ? $"Port {_port} (DynamoDB) is already in use; choose another base port with --port."
                        : $"dynalite exited with code {process.ExitCode}: {reason}");
                }

                try
                {
                    await client.ListTablesAsync(new ListTablesRequest(), cancellationToken);
                    return process;
                }
                catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException && deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                }
            }
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }
    }
}

/// <summary>The runner cannot start; the message names the cause.</summary>
internal sealed class StartupException : Exception
{
    public StartupException() { }

    public StartupException(string message) : base(message) { }

    public StartupException(string message, Exception innerException) : base(message, innerException) { }
}
