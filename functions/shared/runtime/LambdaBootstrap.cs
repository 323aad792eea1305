using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Functions.Shared.Runtime.Internal;
using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.Shared.Runtime;

/// <summary>The invocation loop against the Lambda Runtime API; <see cref="LambdaHost"/> wires it to the process, tests to a fake API.</summary>
/// <typeparam name="TRequest">The event type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public sealed class LambdaBootstrap<TRequest, TResponse>
{
    private const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    // The response buffer is kept between invocations, but not at the size of an occasional multi-megabyte response.
    private const int MaxKeptResponseBuffer = 256 * 1024;

    // When the Runtime API sends no deadline, Lambda's maximum timeout is the only safe assumption.
    private static readonly TimeSpan MissingDeadlineTimeout = TimeSpan.FromMinutes(15);

    private readonly RuntimeApiClient _api;
    private readonly Func<LambdaHandler<TRequest, TResponse>> _init;
    private readonly JsonTypeInfo<TRequest> _requestType;
    private readonly JsonTypeInfo<TResponse> _responseType;
    private readonly TimeProvider _timeProvider;
    private readonly LambdaBootstrapOptions _options;
    private readonly JsonLogger _logger;
    private readonly EmfMetrics _metrics;

    // Reused from one invocation to the next while it has not fired: a new timer-backed source per invocation costs more
    // than the rest of the loop's bookkeeping together.
    private CancellationTokenSource? _deadlineSource;

    /// <summary>Creates the loop.</summary>
    /// <param name="runtimeApi">The Runtime API client, base address http://{AWS_LAMBDA_RUNTIME_API}/2018-06-01/ and no timeout.</param>
    /// <param name="init">Creates clients and settings once and returns the handler; an exception fails init.</param>
    /// <param name="requestType">The event type's source-generated metadata.</param>
    /// <param name="responseType">The response type's source-generated metadata.</param>
    /// <param name="timeProvider">The clock for deadlines, logs and metrics.</param>
    /// <param name="logOutput">Where log and metric lines go (stdout in Lambda).</param>
    /// <param name="options">Function name, log level, metric namespace and cancellation margin.</param>
    public LambdaBootstrap(
        HttpClient runtimeApi,
        Func<LambdaHandler<TRequest, TResponse>> init,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        TimeProvider timeProvider,
        TextWriter logOutput,
        LambdaBootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(runtimeApi);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(responseType);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logOutput);
        ArgumentNullException.ThrowIfNull(options);
        _api = new RuntimeApiClient(runtimeApi);
        _init = init;
        _requestType = requestType;
        _responseType = responseType;
        _timeProvider = timeProvider;
        _options = options;
        _logger = new JsonLogger(logOutput, timeProvider, options.MinimumLogLevel);
        _metrics = new EmfMetrics(logOutput, timeProvider, options.MetricsNamespace, options.FunctionName);
    }

    /// <summary>Runs init, then invocations until <paramref name="stop"/> fires; returns the process exit code.</summary>
    /// <remarks>
    /// Returns 0 when stopped (an in-flight invocation finishes first), 1 when init fails or the Runtime API becomes unusable.
    /// </remarks>
    /// <param name="stop">Stops the loop between invocations.</param>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        LambdaHandler<TRequest, TResponse> handler;
        try
        {
            handler = _init();
        }
#pragma warning disable CA1031 // Whatever init throws must reach /runtime/init/error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var category = exception is ConfigurationException ? RuntimeError.ConfigInvalid : RuntimeError.InitFailed;
            _logger.Fatal("Function initialisation failed", exception);
            await TryPostInitErrorAsync(RuntimeError.FromException(category, exception));
            return 1;
        }

        // Responses are serialised into one buffer kept for the life of the loop.
        using var responseBuffer = new MemoryStream();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                Invocation invocation;
                try
                {
                    invocation = await _api.GetNextAsync(stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                await InvokeAsync(handler, invocation, responseBuffer);
            }
            catch (HttpRequestException exception)
            {
                _logger.Fatal("The Runtime API failed; exiting", exception);
                return 1;
            }
        }

        _logger.Debug("Stop requested; exiting");
        return 0;
    }

    private async Task InvokeAsync(LambdaHandler<TRequest, TResponse> handler, Invocation invocation, MemoryStream responseBuffer)
    {
        var now = _timeProvider.GetUtcNow();
        var deadline = invocation.Deadline ?? now + MissingDeadlineTimeout;
        var cancellation = StartDeadlineCancellation(deadline - now);
        try
        {
            await InvokeAsync(handler, invocation, deadline, responseBuffer, cancellation);
        }
        finally
        {
            EndDeadlineCancellation();
        }
    }

    private async Task InvokeAsync(
        LambdaHandler<TRequest, TResponse> handler, Invocation invocation, DateTimeOffset deadline, MemoryStream responseBuffer, CancellationToken cancellation)
    {
        var context = new LambdaContext(invocation.RequestId, deadline, _logger, _metrics, _timeProvider, cancellation)
        {
            InvokedFunctionArn = invocation.InvokedFunctionArn ?? string.Empty,
            FunctionName = _options.FunctionName,
            TraceId = invocation.TraceId,
            ClientContext = invocation.ClientContext,
            CognitoIdentity = invocation.CognitoIdentity,
        };

        if (_options.ExportTraceIdVariable)
        {
            // The AWS SDKs read the trace header from here; null removes a previous invocation's value.
            Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        }

        if (!TryDeserialize(invocation, context.Logger, out var request, out var serializationError))
        {
            await PostErrorAsync(invocation.RequestId, serializationError, context.Logger);
            return;
        }

        TResponse response;
        var started = Stopwatch.GetTimestamp();
        try
        {
            response = await handler(request, context);
        }
#pragma warning disable CA1031 // A failing handler fails this invocation only; the trigger's retry policy takes over.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            context.Logger.Error("Invocation failed", exception, new LogField("durationMs", ElapsedMs(started)));
            await PostErrorAsync(invocation.RequestId, RuntimeError.FromException(RuntimeError.Unhandled, exception), context.Logger);
            return;
        }

        ReadOnlyMemory<byte> payload;
        try
        {
            responseBuffer.SetLength(0);
            if (responseBuffer.Capacity > MaxKeptResponseBuffer)
            {
                responseBuffer.Capacity = 0;
            }

            JsonSerializer.Serialize(responseBuffer, response, _responseType);
            payload = responseBuffer.GetBuffer().AsMemory(0, (int)responseBuffer.Length);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            context.Logger.Error("The response could not be serialized", exception);
            await PostErrorAsync(invocation.RequestId, RuntimeError.FromException(RuntimeError.SerializationError, exception), context.Logger);
            return;
        }

        var status = await _api.PostResponseAsync(invocation.RequestId, payload);
        if (status == HttpStatusCode.RequestEntityTooLarge)
        {
            context.Logger.Error("The response is larger than Lambda accepts", new LogField("responseBytes", payload.Length));
            var error = new RuntimeError(
                RuntimeError.ResponseSizeTooLarge,
                RuntimeError.ResponseSizeTooLarge,
                $"Response payload size ({payload.Length} bytes) exceeded the maximum allowed payload size.",
                []);
            await PostErrorAsync(invocation.RequestId, error, context.Logger);
        }
        else if ((int)status >= 300)
        {
            context.Logger.Error("The Runtime API rejected the response", new LogField("status", (int)status));
        }
    }

    private bool TryDeserialize(Invocation invocation, JsonLogger logger, out TRequest request, out RuntimeError error)
    {
        try
        {
            var value = JsonSerializer.Deserialize(invocation.Payload, _requestType);
            if (value is not null)
            {
                request = value;
                error = null!;
                return true;
            }

            error = new RuntimeError(RuntimeError.SerializationError, "JsonException", "The event is JSON null.", []);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            // The exception message can quote the payload; log only its type and position.
            error = new RuntimeError(
                RuntimeError.SerializationError,
                exception.GetType().Name,
                $"The event could not be deserialized as {typeof(TRequest).Name}" + Position(exception as JsonException),
                []);
        }

        logger.Error(error.ErrorMessage, new LogField("errorType", RuntimeError.SerializationError), new LogField("eventBytes", invocation.Payload.Length));
        request = default!;
        return false;
    }

    private static string Position(JsonException? exception) =>
        exception is { Path: { } path } ? $" (at {path}, line {exception.LineNumber}, byte {exception.BytePositionInLine})." : ".";

    private CancellationToken StartDeadlineCancellation(TimeSpan remaining)
    {
        var margin = TimeSpan.FromTicks(Math.Min(
            _options.MaxCancellationMargin.Ticks,
            (long)(Math.Max(remaining.Ticks, 0) * _options.CancellationMarginFraction)));
        var delay = remaining - margin;
        if (delay <= TimeSpan.Zero)
        {
            return new CancellationToken(canceled: true);
        }

        _deadlineSource ??= new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        _deadlineSource.CancelAfter(delay);
        return _deadlineSource.Token;
    }

    // A source that fired stays cancelled for whoever kept its token; the next invocation gets a new one.
    private void EndDeadlineCancellation()
    {
        if (_deadlineSource is { } source && !source.TryReset())
        {
            source.Dispose();
            _deadlineSource = null;
        }
    }

    private async Task PostErrorAsync(string requestId, RuntimeError error, JsonLogger logger)
    {
        var status = await _api.PostErrorAsync(requestId, error);
        if ((int)status >= 300)
        {
            logger.Error("The Runtime API rejected the invocation error", new LogField("status", (int)status));
        }
    }

    private async Task TryPostInitErrorAsync(RuntimeError error)
    {
        try
        {
            await _api.PostInitErrorAsync(error);
        }
        catch (HttpRequestException exception)
        {
            _logger.Error("Could not report the init error to the Runtime API", exception);
        }
    }

    private static double ElapsedMs(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
