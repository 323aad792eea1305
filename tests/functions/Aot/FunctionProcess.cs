using System.Diagnostics;
using System.Text;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Aot;

/// <summary>A published <c>bootstrap</c> running as a real process against its own loopback Runtime API; killed on dispose.</summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    /// <summary>How long a test waits for a function to answer before failing.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private readonly RuntimeApiServer _api;
    private readonly Process _process;

    private FunctionProcess(RuntimeApiServer api, Process process)
    {
        _api = api;
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far (its JSON log lines).</summary>
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

    /// <summary>Starts the binary with exactly <paramref name="environment"/> plus the Runtime API address and PATH.</summary>
    public static async Task<FunctionProcess> StartAsync(string bootstrap, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var api = await RuntimeApiServer.StartAsync();
        var start = new ProcessStartInfo(bootstrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(bootstrap)!,
        };

        // Nothing from the test process leaks in (no real AWS profile, keys or endpoints).
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["HOME"] = Path.GetDirectoryName(bootstrap)!;
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var function = new FunctionProcess(api, process);
        process.OutputDataReceived += (_, e) => function.Append(e.Data);
        process.ErrorDataReceived += (_, e) => function.Append(e.Data);
        if (!process.Start())
        {
            await api.DisposeAsync();
            throw new InvalidOperationException($"Could not start {bootstrap}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    /// <summary>Sends one event through the Runtime API and waits for what the function posts back.</summary>
    public async Task<RuntimePost> InvokeAsync(byte[] payload)
    {
        var requestId = _api.Enqueue(payload);
        try
        {
            return await _api.ResultAsync(requestId).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The function posted nothing for {requestId} within {Deadline}. Output:\n{Output}");
        }
    }

    /// <summary>Waits for the function to report an init error; fails as soon as it polls for events instead.</summary>
    public async Task<RuntimePost> InitErrorAsync()
    {
        var initError = _api.InitErrorAsync();
        var first = await Task.WhenAny(initError, _api.PolledAsync()).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        return first == initError
            ? await initError
            : throw new InvalidOperationException($"Init succeeded: the function is polling for events. Output:\n{Output}");
    }

    public async Task<int> WaitForExitAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        await _api.DisposeAsync();
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
}
