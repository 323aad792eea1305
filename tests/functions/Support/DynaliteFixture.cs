using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Platform.Functions.Shared.Database;
using Platform.Tests.Functions.Support;

[assembly: AssemblyFixture(typeof(DynaliteFixture))]

namespace Platform.Tests.Functions.Support;

/// <summary>One real dynalite server (in memory) for the whole test assembly.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;

    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>A client for the dynalite server, with dummy credentials.</summary>
    public AmazonDynamoDBClient CreateClient() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

    /// <summary>Creates a fresh platform table and returns its name; tests never share a table.</summary>
    public async Task<string> CreateTableAsync()
    {
        var name = "platform-" + Guid.NewGuid().ToString("N");
        using var client = CreateClient();
        await PlatformTable.EnsureCreatedAsync(client, name, TestContext.Current.CancellationToken);
        return name;
    }

    public async ValueTask InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var cli = Path.Combine(root, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            await RunNpmCiAsync(root);
        }

        var port = FreePort();
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { cli, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--createTableMs", "20" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitUntilAnsweringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // dynalite prints its address once the server listens; if it dies first, the exit says why.
        var exited = process!.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited).WaitAsync(StartTimeout);
        if (first == exited)
        {
            throw new InvalidOperationException($"dynalite exited with code {process.ExitCode}:\n{Output()}");
        }

        using var client = CreateClient();
        await client.ListTablesAsync(new ListTablesRequest(), TestContext.Current.CancellationToken);
    }

    private static async Task RunNpmCiAsync(string root)
    {
        var start = new ProcessStartInfo("npm")
        {
            ArgumentList = { "ci", "--no-audit", "--no-fund" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(NpmTimeout);
        try
        {
            await npm.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci did not finish within {NpmTimeout}.");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.StartsWith("Dynalite listening at", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
