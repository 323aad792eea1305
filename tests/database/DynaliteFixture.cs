using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Platform.Tests.Database;

[assembly: AssemblyFixture(typeof(DynaliteFixture))]

namespace Platform.Tests.Database;

/// <summary>One real dynalite server (in memory) for the whole test assembly.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    private readonly StringBuilder output = new();
    private Process? process;

    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>A client for the dynalite server, with dummy credentials.</summary>
    public AmazonDynamoDBClient CreateClient() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

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
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync(client))
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"dynalite exited with code {process.ExitCode}:\n{Output()}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"dynalite did not answer ListTables within {StartTimeout}:\n{Output()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<bool> AnswersAsync(AmazonDynamoDBClient client)
    {
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ListTablesAsync(new ListTablesRequest(), attempt.Token);
            return true;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
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

    private static string FindRepositoryRoot()
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
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
