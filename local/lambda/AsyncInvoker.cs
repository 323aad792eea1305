using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Platform.Local.Lambda.Internal;

namespace Platform.Local.Lambda;

/// <summary>Receives a failed asynchronous event's record, as Lambda's on-failure destination does.</summary>
/// <param name="record">The invocation record.</param>
/// <param name="cancellationToken">Cancelled when the invoker stops.</param>
public delegate Task OnFailureDestination(DestinationRecord record, CancellationToken cancellationToken);

/// <summary>The answer to an asynchronous invoke: accepted (202) or refused before queueing (413).</summary>
/// <param name="Accepted">Whether the event was queued.</param>
/// <param name="RequestId">The event's request id.</param>
/// <param name="Error">Why it was refused (RequestTooLargeException).</param>
public sealed record EnqueueResult(bool Accepted, string RequestId, InvocationError? Error);

/// <summary>Lambda's asynchronous invocation for one function: an internal queue, retries after function errors, event age, on-failure destination.</summary>
/// <remarks>
/// A function error or timeout is retried <see cref="EventInvokeConfig.MaximumRetryAttempts"/> times after
/// <see cref="EventInvokeConfig.RetryDelays"/>; an event whose age reaches <see cref="EventInvokeConfig.MaximumEventAge"/> is not
/// retried again. Either way the record goes to the on-failure destination, or is dropped without one. Events wait for an instance
/// instead of being throttled. With a state directory, every event is written there before it is accepted and removed once it has
/// succeeded or gone to the destination, so a runner stopped or killed in between resumes it (with its attempt count and the due
/// time of its next retry) when it starts again: delivery is at least once, as on Lambda.
/// </remarks>
public sealed class AsyncInvoker : IAsyncDisposable
{
    private readonly FunctionHost _host;
    private readonly EventInvokeConfig _config;
    private readonly OnFailureDestination? _onFailure;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingEvent> _queue = Channel.CreateUnbounded<PendingEvent>();
    private readonly ConcurrentDictionary<PendingEvent, Task> _inFlight = new();
    private readonly PendingEventStore? _store;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;

    /// <summary>Creates the invoker and starts its queue.</summary>
    /// <param name="host">The function's host.</param>
    /// <param name="config">Retries, event age and retry delays.</param>
    /// <param name="onFailure">The on-failure destination, or null to drop failed events as Lambda does without one.</param>
    /// <param name="logger">Receives retries and discarded events.</param>
    /// <param name="timeProvider">The clock for event age, retry delays and record timestamps.</param>
    /// <param name="stateDirectory">Where pending events are kept across restarts; those already there are resumed. Null keeps them in memory only.</param>
    public AsyncInvoker(FunctionHost host, EventInvokeConfig config, OnFailureDestination? onFailure, ILogger logger, TimeProvider timeProvider, string? stateDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        config.Validate();
        _host = host;
        _config = config;
        _onFailure = onFailure;
        _logger = logger;
        _time = timeProvider;
        if (stateDirectory is not null)
        {
            _store = new PendingEventStore(stateDirectory);
            var resumed = _store.Load();
            foreach (var pending in resumed)
            {
                _queue.Writer.TryWrite(pending);
            }

            if (resumed.Count > 0)
            {
                Log.AsyncResumed(_logger, host.Spec.Name, resumed.Count);
            }
        }

        _pump = PumpAsync();
    }

    /// <summary>Events queued or being attempted.</summary>
    public int Pending => _queue.Reader.Count + _inFlight.Count;

    /// <summary>Queues an event (Invoke with InvocationType Event); over the asynchronous payload limit it is refused.</summary>
    /// <param name="payload">The event JSON.</param>
    /// <param name="traceId">The trace header to pass on, if any.</param>
    public EnqueueResult Enqueue(ReadOnlyMemory<byte> payload, string? traceId = null)
    {
        var requestId = Guid.NewGuid().ToString();
        if (payload.Length > PayloadLimits.Asynchronous)
        {
            return new EnqueueResult(false, requestId, ErrorBodies.Create(
                "RequestTooLargeException", $"Request must be smaller than {PayloadLimits.Asynchronous} bytes for the InvokeFunction operation"));
        }

        var now = _time.GetUtcNow();
        var queued = new PendingEvent(requestId, payload.ToArray(), traceId, now, Attempts: 0, DueAt: now);
        _store?.Save(queued);
        return _queue.Writer.TryWrite(queued)
            ? new EnqueueResult(true, requestId, null)
            : throw new ObjectDisposedException(nameof(AsyncInvoker));
    }

    /// <summary>Stops taking events; the queued ones and their retries are abandoned, or kept for the next start with a state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _pump;
        await Task.WhenAll(_inFlight.Values);
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var queued in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                // Tracked before it starts, so that its own removal cannot come first.
                var delivery = new Task<Task>(() => DeliverAsync(queued));
                _inFlight[queued] = delivery.Unwrap();
                delivery.Start(TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: queued events are abandoned, as they are when a local runner exits.
        }
    }

    private async Task DeliverAsync(PendingEvent queued)
    {
        try
        {
            var wait = queued.DueAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, _stopping.Token);
            }

            var options = new InvocationOptions { Type = InvocationType.Event, RequestId = queued.RequestId, TraceId = queued.TraceId };
            for (var attempt = queued.Attempts + 1; ; attempt++)
            {
                var result = await _host.InvokeAsync(queued.Payload, options, _stopping.Token);
                if (result.Status == InvocationStatus.Success)
                {
                    _store?.Delete(queued.RequestId);
                    return;
                }

                var error = result.Error ?? ErrorBodies.Create("Runtime.Unknown", "The invocation failed.");
                DestinationCondition? condition =
                    _time.GetUtcNow() - queued.EnqueuedAt >= _config.MaximumEventAge ? DestinationCondition.EventAgeExceeded
                    : attempt > _config.MaximumRetryAttempts ? DestinationCondition.RetriesExhausted
                    : null;
                if (condition is { } discarded)
                {
                    await SendToDestinationAsync(queued, discarded, attempt, error);
                    _store?.Delete(queued.RequestId);
                    return;
                }

                var delay = _config.RetryDelays[Math.Min(attempt - 1, _config.RetryDelays.Count - 1)];
                _store?.Save(queued with { Attempts = attempt, DueAt = _time.GetUtcNow() + delay });
                Log.AsyncRetry(_logger, _host.Spec.Name, queued.RequestId, attempt, delay);
                await Task.Delay(delay, _time, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // The invoker or the function host is stopping; the event is abandoned with the runner.
        }
        finally
        {
            _inFlight.TryRemove(queued, out _);
        }
    }

    private async Task SendToDestinationAsync(PendingEvent queued, DestinationCondition condition, int invokeCount, InvocationError error)
    {
        Log.AsyncDiscarded(_logger, _host.Spec.Name, queued.RequestId, condition.ToString());
        if (_onFailure is null)
        {
            return;
        }

        var record = new DestinationRecord
        {
            Timestamp = _time.GetUtcNow(),
            RequestId = queued.RequestId,
            FunctionArn = _host.Spec.FunctionArn + ":$LATEST",
            Condition = condition,
            ApproximateInvokeCount = invokeCount,
            RequestPayload = queued.Payload,
            ResponsePayload = error.Body,
        };
        try
        {
            await _onFailure(record, _stopping.Token);
        }
#pragma warning disable CA1031 // A failing destination loses the record, as on Lambda; it must not stop the queue.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.DestinationFailed(_logger, _host.Spec.Name, queued.RequestId, exception);
        }
    }
}
