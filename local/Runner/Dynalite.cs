using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Platform.Local.Runner;

/// <summary>dynalite, a DynamoDB API server on LevelDB, started and stopped by the runner, its data kept in the state directory.</summary>
internal sealed class Dynalite(Process process, Uri endpoint) : IAsyncDisposable
{
    public Uri Endpoint { get; } = endpoint;

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

    /// <summary>Installs dynalite from the lockfile when missing, starts it and waits until it answers.</summary>
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
        var process = ChildProcesses.Start(node, [cli, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--path", dataDirectory, "--createTableMs", "0"], repositoryRoot);
        process.StandardInput.Close();
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var endpoint = new Uri($"http://127.0.0.1:{port}");
        var dynalite = new Dynalite(process, endpoint);
        using var client = dynalite.CreateClient();
        var deadline = Stopwatch.StartNew();
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
                    ? $"Port {port} (DynamoDB) is already in use; choose another base port with --port."
                    : $"dynalite exited with code {process.ExitCode}: {reason}");
            }

            try
            {
                await client.ListTablesAsync(new ListTablesRequest(), cancellationToken);
                return dynalite;
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>A DynamoDB client for this server.</summary>
    public AmazonDynamoDBClient CreateClient() =>
        new(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

/// <summary>The runner cannot start; the message names the cause.</summary>
internal sealed class StartupException : Exception
{
    public StartupException() { }

    public StartupException(string message) : base(message) { }

    public StartupException(string message, Exception innerException) : base(message, innerException) { }
}
