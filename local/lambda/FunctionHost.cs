using Microsoft.Extensions.Logging;
using Platform.Local.Lambda.Internal;

namespace Platform.Local.Lambda;

/// <summary>Runs one function as Lambda does: instances started on demand up to its concurrency, each a real process on its own Runtime API.</summary>
/// <remarks>
/// An invocation takes an idle instance or starts one. A synchronous invocation beyond the concurrency limit is throttled; an
/// asynchronous one, or one with <see cref="InvocationOptions.WaitForInstance"/>, waits for an instance. An instance that timed out, exited or failed init is discarded and the next invocation
/// gets a fresh one. Child processes die with the runner, even when it is SIGKILLed.
/// </remarks>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _capacity;
    private readonly Lock _lock = new();
    private readonly Stack<FunctionInstance> _idle = new();
    private readonly HashSet<FunctionInstance> _instances = [];
    private readonly StatsCollector _stats = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<FunctionInstance> _retired = [];
    private FunctionSpec _spec;
    private readonly ThrottleLog _throttleLog;
    private bool _stopped;
    private int _disposed;
    private int _waiting;

    /// <summary>Creates the host; no process starts before the first invocation.</summary>
    /// <param name="spec">The function.</param>
    /// <param name="logger">Receives the functions' output lines, cold starts and failures.</param>
    /// <param name="timeProvider">The clock for deadlines, durations and timeouts.</param>
    public FunctionHost(FunctionSpec spec, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(spec.ConcurrencyLimit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(spec.Timeout, TimeSpan.Zero);
        _spec = spec;
        _logger = logger;
        _time = timeProvider;
        _capacity = new SemaphoreSlim(spec.ConcurrencyLimit, Math.Max(spec.ConcurrencyLimit, 1));
        _throttleLog = new ThrottleLog(logger, timeProvider, spec.Name, spec.ConcurrencyLimit);
    }

    /// <summary>The function this host runs; new instances start from it.</summary>
    public FunctionSpec Spec => Volatile.Read(ref _spec);

    /// <summary>The process ids of the instances alive now.</summary>
    public IReadOnlyList<int> InstanceProcessIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _instances.Select(instance => instance.ProcessId)];
            }
        }
    }

    /// <summary>Raised after every invocation that was not refused for its payload size: its start, type, trace id and outcome.</summary>
    /// <remarks>Raised on the invoking thread; a handler must be quick and must not throw.</remarks>
    public event EventHandler<FunctionInvocation>? InvocationCompleted;

    /// <summary>Invocations waiting for a free instance now (asynchronous events and queue batches beyond the concurrency limit).</summary>
    public int WaitingInvocations => Volatile.Read(ref _waiting);

    /// <summary>A snapshot of the invocation counters and durations.</summary>
    public FunctionStats Stats => _stats.Snapshot();

    /// <summary>Invokes the function with <paramref name="payload"/> and waits for its response, error or timeout.</summary>
    /// <param name="payload">The event JSON.</param>
    /// <param name="options">Synchronous or asynchronous, trace id, client context.</param>
    /// <param name="cancellationToken">Abandons the invocation; an instance handling it is killed.</param>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvocationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped), this);
        var requestId = options.RequestId ?? Guid.NewGuid().ToString();
        var startedAt = _time.GetUtcNow();
        options = options with { TraceId = options.TraceId ?? FunctionInstance.NewTraceId(_time) };
        var limit = PayloadLimits.RequestLimit(options.Type);
        if (payload.Length > limit)
        {
            // Lambda's Invoke refuses it: 413 RequestTooLargeException; the function never runs.
            return new InvocationResult
            {
                Status = InvocationStatus.PayloadTooLarge,
                RequestId = requestId,
                Error = ErrorBodies.Create(
                    "RequestTooLargeException", $"Request must be smaller than {limit} bytes for the InvokeFunction operation"),
            };
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        if (options.Type == InvocationType.RequestResponse && !options.WaitForInstance)
        {
            if (!await _capacity.WaitAsync(TimeSpan.Zero, linked.Token))
            {
                _throttleLog.Record();
                var throttled = new InvocationResult
                {
                    Status = InvocationStatus.Throttled,
                    RequestId = requestId,
                    TraceId = options.TraceId,
                    Error = ErrorBodies.Create("TooManyRequestsException", "Rate Exceeded."),
                };
                _stats.Record(throttled);
                InvocationCompleted?.Invoke(this, new FunctionInvocation(Spec.Name, options.Type, startedAt, throttled));
                return throttled;
            }
        }
        else
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _capacity.WaitAsync(linked.Token);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            var instance = await AcquireAsync(linked.Token);
            InvocationResult result;
            try
            {
                result = await instance.InvokeAsync(requestId, payload, options, linked.Token) with { TraceId = options.TraceId };
            }
            finally
            {
                await ReleaseAsync(instance);
            }

            _stats.Record(result);
            InvocationCompleted?.Invoke(this, new FunctionInvocation(Spec.Name, options.Type, startedAt, result));
            if (result.InitDuration is { } init)
            {
                Log.ColdReport(_logger, Spec.Name, requestId, result.Duration.TotalMilliseconds, Spec.MemoryMb, init.TotalMilliseconds, result.Status);
            }
            else
            {
                Log.Report(_logger, Spec.Name, requestId, result.Duration.TotalMilliseconds, Spec.MemoryMb, result.Status);
            }

            return result;
        }
        finally
        {
            _capacity.Release();
        }
    }

    /// <summary>Replaces the function's build: new invocations start instances of <paramref name="spec"/>, and no old instance is reused.</summary>
    /// <remarks>
    /// Idle instances of the old build are stopped now; busy ones finish the invocation they are handling and are stopped when they
    /// release it, so no request in flight fails. The old executable must stay on disk until then. The name and concurrency stay.
    /// </remarks>
    /// <param name="spec">The new build: its executable, arguments and environment.</param>
    public async Task SwapAsync(FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped), this);
        var current = Spec;
        if (spec.Name != current.Name || spec.ConcurrencyLimit != current.ConcurrencyLimit)
        {
            throw new ArgumentException("A swap replaces the build, not the function's name or concurrency.", nameof(spec));
        }

        List<FunctionInstance> idle;
        lock (_lock)
        {
            Volatile.Write(ref _spec, spec);
            idle = [.. _idle];
            _idle.Clear();
            foreach (var instance in idle)
            {
                _instances.Remove(instance);
            }

            _retired.UnionWith(_instances);
        }

        await Task.WhenAll(idle.Select(instance => instance.DisposeAsync().AsTask()));
    }

    /// <summary>Kills every instance and stops their Runtime API endpoints; invocations in flight fail.</summary>
    public async Task StopAsync()
    {
        FunctionInstance[] instances;
        lock (_lock)
        {
            _stopped = true;
            instances = [.. _instances];
            _instances.Clear();
            _idle.Clear();
            _retired.Clear();
        }

        // Read-only once disposed, so a StopAsync after DisposeAsync is a no-op.
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await Task.WhenAll(instances.Select(instance => instance.DisposeAsync().AsTask()));
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The semaphore and the token source stay undisposed: invocations being cancelled still release and unlink them,
        // and neither holds an unmanaged resource unless its wait handle was asked for.
        await StopAsync();
    }

    private async Task<FunctionInstance> AcquireAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            while (_idle.TryPop(out var idle))
            {
                if (idle.IsHealthy)
                {
                    return idle;
                }

                _instances.Remove(idle);
                _ = idle.DisposeAsync().AsTask();
            }
        }

        var spec = Spec;
        var instance = await FunctionInstance.StartAsync(spec, _logger, _time, cancellationToken);
        bool stopped;
        lock (_lock)
        {
            stopped = _stopped;
            if (!stopped)
            {
                _instances.Add(instance);
                if (!ReferenceEquals(spec, _spec))
                {
                    // Started from the build a swap replaced while it was starting: it serves this invocation only.
                    _retired.Add(instance);
                }
            }
        }

        if (stopped)
        {
            await instance.DisposeAsync();
            throw new OperationCanceledException("The function host is stopping.");
        }

        return instance;
    }

    private async Task ReleaseAsync(FunctionInstance instance)
    {
        lock (_lock)
        {
            var retired = _retired.Remove(instance);
            if (!_stopped && instance.IsHealthy && !retired)
            {
                _idle.Push(instance);
                return;
            }

            _instances.Remove(instance);
        }

        await instance.DisposeAsync();
    }
}
