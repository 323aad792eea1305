using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Local.Lambda.Internal;

/// <summary>One execution environment: a function process and its own Runtime API endpoint, serving one invocation at a time.</summary>
internal sealed class FunctionInstance : IRuntimeApi, IAsyncDisposable
{
    /// <summary>Lambda's limit on the init phase of an on-demand function.</summary>
    internal static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    private readonly FunctionSpec _spec;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingInvocation> _inbox = Channel.CreateUnbounded<PendingInvocation>();
    private readonly TaskCompletionSource<TimeSpan> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Broken> _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private PendingInvocation? _current;
    private RuntimeApiServer? _server;
    private Process? _process;
    private long _started;
    private int _invocations;
    private int _killed;
    private int _disposed;

    private FunctionInstance(FunctionSpec spec, ILogger logger, TimeProvider time)
    {
        _spec = spec;
        _logger = logger;
        _time = time;
    }

    public string FunctionArn => _spec.FunctionArn;

    public int ProcessId { get; private set; }

    /// <summary>Whether the instance can take another invocation: not killed, not exited, no init error.</summary>
    public bool IsHealthy => !_broken.Task.IsCompleted && Volatile.Read(ref _killed) == 0;

    public static async Task<FunctionInstance> StartAsync(FunctionSpec spec, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var instance = new FunctionInstance(spec, logger, time);
        try
        {
            instance._server = await RuntimeApiServer.StartAsync(instance, cancellationToken);
            instance._started = time.GetTimestamp();
            instance.StartProcess();
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        Log.InstanceStarted(logger, spec.Name, instance.ProcessId, instance._server.HostAndPort);
        return instance;
    }

    public async Task<InvocationResult> InvokeAsync(string requestId, ReadOnlyMemory<byte> payload, InvocationOptions options, CancellationToken cancellationToken)
    {
        var coldStart = Interlocked.Increment(ref _invocations) == 1;
        var pending = new PendingInvocation(requestId, payload, options.TraceId ?? NewTraceId(_time), options.ClientContext);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            _inbox.Writer.TryWrite(pending);
            var initTimeout = Task.Delay(InitTimeout, _time, stop.Token);
            await Task.WhenAny(pending.Delivered.Task, _broken.Task, initTimeout);
            if (!pending.Delivered.Task.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_broken.Task.IsCompleted)
                {
                    Kill();
                    return Failed(InvocationStatus.Timeout, ErrorBodies.Create(
                        "Sandbox.Timedout", $"RequestId: {requestId} Error: Init phase timed out after {Seconds(InitTimeout)} seconds"), TimeSpan.Zero);
                }

                return Failed(InvocationStatus.FunctionError, BrokenError(requestId), TimeSpan.Zero);
            }

            var deliveredAt = pending.Delivered.Task.Result;
            var remaining = pending.Deadline - _time.GetUtcNow();
            var deadline = Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, stop.Token);
            await Task.WhenAny(pending.Completion.Task, _broken.Task, deadline);
            var duration = _time.GetElapsedTime(deliveredAt);
            if (pending.Completion.Task.IsCompleted)
            {
                var outcome = pending.Completion.Task.Result;
                return outcome.Error is null
                    ? Result(InvocationStatus.Success, duration) with { Payload = outcome.Payload }
                    : Failed(outcome.Status, outcome.Error, duration);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_broken.Task.IsCompleted)
            {
                return Failed(InvocationStatus.FunctionError, BrokenError(requestId), duration);
            }

            Kill();
            return Failed(InvocationStatus.Timeout, ErrorBodies.Create(
                "Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {Seconds(_spec.Timeout)} seconds"), duration);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The function is mid-invocation; it cannot be handed another event.
            Kill();
            throw;
        }
        finally
        {
            await stop.CancelAsync();
        }

        InvocationResult Failed(InvocationStatus status, InvocationError error, TimeSpan duration)
        {
            Log.InvocationFailed(_logger, _spec.Name, requestId, error.ErrorType, error.ErrorMessage);
            return Result(status, duration) with { Error = error };
        }

        InvocationResult Result(InvocationStatus status, TimeSpan duration)
        {
            TimeSpan? init = coldStart && _initialized.Task.IsCompletedSuccessfully ? _initialized.Task.Result : null;
            return new InvocationResult
            {
                Status = status,
                RequestId = requestId,
                Duration = duration,
                ColdStart = coldStart,
                InitDuration = init,
                InstanceProcessId = ProcessId,
            };
        }
    }

    public async Task<PendingInvocation?> NextAsync(CancellationToken aborted)
    {
        _initialized.TrySetResult(_time.GetElapsedTime(_started));
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(aborted))
            {
                if (_inbox.Reader.TryRead(out var invocation))
                {
                    lock (_lock)
                    {
                        invocation.Deadline = _time.GetUtcNow() + _spec.Timeout;
                        _current = invocation;
                    }

                    invocation.Delivered.TrySetResult(_time.GetTimestamp());
                    return invocation;
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The instance is being discarded.
        }

        return null;
    }

    public ApiReply PostResponse(string requestId, byte[]? body)
    {
        if (!TryFinish(requestId, out var invocation, out var rejection))
        {
            return rejection;
        }

        if (body is null)
        {
            // As Lambda does: the invocation fails at once; the runtime's follow-up error post is refused.
            invocation.Completion.TrySetResult(new PendingInvocation.Outcome(
                InvocationStatus.PayloadTooLarge,
                default,
                ErrorBodies.Create("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({PayloadLimits.Response} bytes).")));
            return ApiReply.Error(
                StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({PayloadLimits.Response} bytes).");
        }

        invocation.Completion.TrySetResult(new PendingInvocation.Outcome(InvocationStatus.Success, body, null));
        return ApiReply.Accepted;
    }

    public ApiReply PostError(string requestId, byte[] body, string? errorType)
    {
        if (!TryFinish(requestId, out var invocation, out var rejection))
        {
            return rejection;
        }

        // What Invoke returns is the posted body; its errorType is the exception's, the header only Lambda's category.
        var error = ErrorBodies.Parse(body, errorType, "Function.Unhandled");
        invocation.Completion.TrySetResult(new PendingInvocation.Outcome(InvocationStatus.FunctionError, body, error));
        return ApiReply.Accepted;
    }

    public ApiReply PostInitError(byte[] body, string? errorType)
    {
        if (_initialized.Task.IsCompleted)
        {
            return ApiReply.Error(StatusCodes.Status403Forbidden, "InvalidStateTransition", "Init has already completed.");
        }

        // An init failure is reported under its category (Runtime.ConfigInvalid, Runtime.InitError), as Lambda does.
        var posted = ErrorBodies.Parse(body, errorType, "Runtime.Unknown");
        var error = new InvocationError(errorType ?? posted.ErrorType, posted.ErrorMessage, body);
        _broken.TrySetResult(new Broken(error, null));
        return ApiReply.Accepted;
    }

    /// <summary>Kills the process (the invocation in flight, if any, fails); the instance is not used again.</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref _killed, 1);
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // It exited meanwhile.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Kill first: closing the inbox first would fail the instance's pending /next, and it would log a fatal
        // Runtime API failure for what is only the sandbox going away.
        Kill();
        _inbox.Writer.TryComplete();
        if (_process is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGKILL was sent; the kernel finishes the job.
            }

            _process.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private void StartProcess()
    {
        var process = ChildProcess.Start(_spec, ChildProcess.BuildEnvironment(_spec, _server!.HostAndPort));
        _process = process;
        ProcessId = process.Id;
        process.OutputDataReceived += (_, line) => Forward(line.Data);
        process.ErrorDataReceived += (_, line) => Forward(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = WatchExitAsync(process);
    }

    private void Forward(string? line)
    {
        if (line is not null)
        {
            Log.FunctionOutput(_logger, _spec.Name, ProcessId, line);
        }
    }

    private async Task WatchExitAsync(Process process)
    {
        await process.WaitForExitAsync();
        _broken.TrySetResult(new Broken(null, process.ExitCode));
        _inbox.Writer.TryComplete();
    }

    private bool TryFinish(string requestId, out PendingInvocation invocation, out ApiReply rejection)
    {
        lock (_lock)
        {
            if (_current is { } current && current.RequestId == requestId)
            {
                _current = null;
                _finished.Add(requestId);
                invocation = current;
                rejection = default;
                return true;
            }

            invocation = null!;
            rejection = _finished.Contains(requestId)
                ? ApiReply.Error(StatusCodes.Status403Forbidden, "InvalidStateTransition", $"Request {requestId} has already been answered.")
                : ApiReply.Error(StatusCodes.Status400BadRequest, "InvalidRequestID", $"Request {requestId} is not in progress on this instance.");
            return false;
        }
    }

    private InvocationError BrokenError(string requestId)
    {
        var broken = _broken.Task.Result;
        if (broken.InitError is { } initError)
        {
            return initError;
        }

        var code = broken.ExitCode ?? -1;
        var reason = code > 128 ? $"signal: {SignalName(code - 128)}" : $"exit status {code}";
        return ErrorBodies.Create("Runtime.ExitError", $"RequestId: {requestId} Error: Runtime exited with error: {reason}");
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "aborted",
        9 => "killed",
        11 => "segmentation fault",
        15 => "terminated",
        _ => signal.ToString(CultureInfo.InvariantCulture),
    };

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A trace header for an invocation that came without one, as Lambda starts a trace.</summary>
    internal static string NewTraceId(TimeProvider time)
    {
        var epoch = time.GetUtcNow().ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var id = Guid.NewGuid().ToString("N");
        return $"Root=1-{epoch}-{id[..24]};Parent={id[16..]};Sampled=0";
    }

    private sealed record Broken(InvocationError? InitError, int? ExitCode);
}
