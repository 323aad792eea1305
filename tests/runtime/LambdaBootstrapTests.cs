using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Runtime;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

// One class so that the tests touching the process-wide _X_AMZN_TRACE_ID variable never run in parallel.
public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly StringWriter _logs = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeRuntimeApi _api = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _client = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        _client.Dispose();
        await _api.DisposeAsync();
        await _logs.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_Invocation_PostsResponseAndExposesHeadersInContext()
    {
        // Arrange
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        LambdaContext? seen = null;
        string? exportedTraceId = null;
        var sut = CreateSut(() => (request, context) =>
        {
            seen = context;
            exportedTraceId = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            return Task.FromResult(new EchoResponse(request.Message.ToUpperInvariant()));
        });
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-1", Json("""{"Message":"hello"}"""))
        {
            DeadlineMs = deadline.ToUnixTimeMilliseconds(),
            InvokedFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:create-order:live",
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext = """{"client":{"app_title":"orders"}}""",
            CognitoIdentity = """{"cognitoIdentityId":"eu-west-1:abc"}""",
        });

        // Act
        var result = await _api.ResultFor("req-1");
        var exitCode = await StopAsync(run);

        // Assert
        Assert.False(result.IsError);
        Assert.Equal("application/json", result.ContentType);
        Assert.Equal("HELLO", JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.EchoResponse)!.Message);
        Assert.NotNull(seen);
        Assert.Equal("req-1", seen.RequestId);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), seen.Deadline.ToUnixTimeMilliseconds());
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:create-order:live", seen.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", seen.TraceId);
        Assert.Equal(seen.TraceId, exportedTraceId);
        Assert.Equal("""{"client":{"app_title":"orders"}}""", seen.ClientContext);
        Assert.Equal("""{"cognitoIdentityId":"eu-west-1:abc"}""", seen.CognitoIdentity);
        Assert.Equal("create-order", seen.FunctionName);
        Assert.Equal("req-1", seen.Logger.RequestId);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_PostsInvocationErrorAndContinues()
    {
        // Arrange
        var sut = CreateSut(() => (request, _) => request.Message == "fail"
            ? throw new InvalidOperationException("Order for jane.doe@example.com is broken")
            : Task.FromResult(new EchoResponse("ok")));
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-fail", Json("""{"Message":"fail"}""")) { DeadlineMs = InOneMinute() });
        _api.Enqueue(new QueuedInvocation("req-next", Json("""{"Message":"next"}""")) { DeadlineMs = InOneMinute() });

        // Act
        var failed = await _api.ResultFor("req-fail");
        var next = await _api.ResultFor("req-next");
        await StopAsync(run);

        // Assert
        Assert.True(failed.IsError);
        Assert.Equal("Function.Unhandled", failed.ErrorTypeHeader);
        using var error = JsonDocument.Parse(failed.Body);
        Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Order for [email] is broken", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.NotEmpty(error.RootElement.GetProperty("stackTrace").EnumerateArray());
        Assert.False(next.IsError);
        var logs = _logs.ToString();
        Assert.Contains("\"errorType\":\"System.InvalidOperationException\"", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InitThrowsConfigurationException_PostsInitErrorAndReturnsOne()
    {
        // Arrange
        var sut = CreateSut(() => throw new ConfigurationException("Environment variable TABLE_NAME is required"));

        // Act
        var exitCode = await sut.RunAsync(_stop.Token).Within();
        var initError = await _api.InitError();

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("Runtime.ConfigInvalid", initError.ErrorTypeHeader);
        using var error = JsonDocument.Parse(initError.Body);
        Assert.Equal("ConfigurationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Environment variable TABLE_NAME is required", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Contains("TABLE_NAME", _logs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InitThrowsOtherException_PostsInitErrorAsInitError()
    {
        // Arrange
        var sut = CreateSut(() => throw new InvalidOperationException("no handler"));

        // Act
        var exitCode = await sut.RunAsync(_stop.Token).Within();
        var initError = await _api.InitError();

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("Runtime.InitError", initError.ErrorTypeHeader);
    }

    [Fact]
    public async Task RunAsync_DeadlineApproaches_CancellationTokenFiresBeforeDeadline()
    {
        // Arrange
        var time = new FakeTimeProvider(Start);
        var deadline = Start.AddSeconds(3);
        var handlerStarted = new TaskCompletionSource<LambdaContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset? cancelledAt = null;
        var sut = CreateSut(
            () => async (_, context) =>
            {
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = context.CancellationToken.Register(() =>
                {
                    cancelledAt = time.GetUtcNow();
                    cancelled.TrySetResult();
                });
                handlerStarted.SetResult(context);
                await cancelled.Task;
                return new EchoResponse($"remaining {context.RemainingTime.TotalMilliseconds}");
            },
            time);
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-slow", Json("""{"Message":"slow"}""")) { DeadlineMs = deadline.ToUnixTimeMilliseconds() });
        var context = await handlerStarted.Task.Within();

        // Act
        time.Advance(TimeSpan.FromMilliseconds(2600));
        var cancelledEarly = context.CancellationToken.IsCancellationRequested;
        var remainingBeforeMargin = context.RemainingTime;
        time.Advance(TimeSpan.FromMilliseconds(150));
        var result = await _api.ResultFor("req-slow");
        await StopAsync(run);

        // Assert
        Assert.False(cancelledEarly);
        Assert.Equal(TimeSpan.FromMilliseconds(400), remainingBeforeMargin);
        Assert.True(context.CancellationToken.IsCancellationRequested);
        Assert.NotNull(cancelledAt);
        Assert.True(cancelledAt < deadline, $"cancelled at {cancelledAt:O}, deadline {deadline:O}");
        Assert.False(result.IsError);
        Assert.Equal("remaining 250", JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.EchoResponse)!.Message);
    }

    [Fact]
    public async Task RunAsync_ConsecutiveInvocations_EachTokenFiresOnlyAtItsOwnDeadline()
    {
        // Arrange: the system clock, whose timers the loop reuses from one invocation to the next.
        var contexts = new List<LambdaContext>();
        var cancelledAtStart = new List<bool>();
        var sut = CreateSut(() => async (request, context) =>
        {
            contexts.Add(context);
            cancelledAtStart.Add(context.CancellationToken.IsCancellationRequested);
            if (request.Message == "wait")
            {
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = context.CancellationToken.Register(cancelled.SetResult);
                await cancelled.Task;
            }

            return new EchoResponse(request.Message);
        });
        var run = sut.RunAsync(_stop.Token);

        // Act: the first finishes long before its deadline, the second waits for its own, the third follows a cancelled one.
        _api.Enqueue(new QueuedInvocation("req-quick", Json("""{"Message":"quick"}""")) { DeadlineMs = InOneMinute() });
        await _api.ResultFor("req-quick");
        var waitDeadline = DateTimeOffset.UtcNow.AddSeconds(1.5);
        _api.Enqueue(new QueuedInvocation("req-wait", Json("""{"Message":"wait"}""")) { DeadlineMs = waitDeadline.ToUnixTimeMilliseconds() });
        await _api.ResultFor("req-wait");
        var waitEnded = DateTimeOffset.UtcNow;
        _api.Enqueue(new QueuedInvocation("req-after", Json("""{"Message":"after"}""")) { DeadlineMs = InOneMinute() });
        await _api.ResultFor("req-after");
        await StopAsync(run);

        // Assert
        Assert.Equal([false, false, false], cancelledAtStart);
        Assert.True(contexts[1].CancellationToken.IsCancellationRequested);
        Assert.True(waitEnded >= waitDeadline.AddSeconds(-1), $"cancelled at {waitEnded:O}, deadline {waitDeadline:O}");
        Assert.False(contexts[2].CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_FiveMegabytePayload_RoundTripsWithoutLoggingIt()
    {
        // Arrange
        var message = "secret-payload-" + new string('x', 5 * 1024 * 1024);
        var sut = CreateSut(() => (request, _) => Task.FromResult(new EchoResponse(request.Message)));
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-large", JsonSerializer.SerializeToUtf8Bytes(new EchoRequest(message), TestJsonContext.Default.EchoRequest))
        {
            DeadlineMs = InOneMinute(),
        });

        // Act
        var result = await _api.ResultFor("req-large");
        await StopAsync(run);

        // Assert
        Assert.False(result.IsError);
        Assert.Equal(message, JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.EchoResponse)!.Message);
        Assert.DoesNotContain("secret-payload-", _logs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResponseRejectedAsTooLarge_PostsResponseSizeError()
    {
        // Arrange
        _api.MaxResponseBytes = 1024;
        var sut = CreateSut(() => (_, _) => Task.FromResult(new EchoResponse(new string('x', 2048))));
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-huge", Json("""{"Message":"big"}""")) { DeadlineMs = InOneMinute() });

        // Act
        var result = await _api.ResultFor("req-huge");
        await StopAsync(run);

        // Assert
        Assert.True(result.IsError);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorTypeHeader);
        using var error = JsonDocument.Parse(result.Body);
        Assert.Equal("Function.ResponseSizeTooLarge", error.RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task RunAsync_EventIsNotValidJson_PostsSerializationErrorWithoutLoggingTheEvent()
    {
        // Arrange
        var sut = CreateSut(() => (_, _) => Task.FromResult(new EchoResponse("unreachable")));
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-bad", Json("""{"Message": private-value""")) { DeadlineMs = InOneMinute() });
        _api.Enqueue(new QueuedInvocation("req-good", Json("""{"Message":"fine"}""")) { DeadlineMs = InOneMinute() });

        // Act
        var bad = await _api.ResultFor("req-bad");
        var good = await _api.ResultFor("req-good");
        await StopAsync(run);

        // Assert
        Assert.True(bad.IsError);
        Assert.Equal("Runtime.SerializationError", bad.ErrorTypeHeader);
        Assert.DoesNotContain("private-value", Encoding.UTF8.GetString(bad.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("private-value", _logs.ToString(), StringComparison.Ordinal);
        Assert.False(good.IsError);
    }

    [Fact]
    public async Task RunAsync_StopWhileWaitingForNextInvocation_ReturnsZero()
    {
        // Arrange
        var sut = CreateSut(() => (_, _) => Task.FromResult(new EchoResponse("ok")));
        var run = sut.RunAsync(_stop.Token);
        await _api.PolledAsync(1);

        // Act
        await _stop.CancelAsync();
        var exitCode = await run.Within();

        // Assert
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RunAsync_StopDuringInvocation_FinishesInvocationThenReturnsZero()
    {
        // Arrange
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = CreateSut(() => async (_, _) =>
        {
            handlerStarted.SetResult();
            await release.Task;
            return new EchoResponse("finished");
        });
        var run = sut.RunAsync(_stop.Token);
        _api.Enqueue(new QueuedInvocation("req-inflight", Json("""{"Message":"x"}""")) { DeadlineMs = InOneMinute() });
        await handlerStarted.Task.Within();

        // Act
        await _stop.CancelAsync();
        release.SetResult();
        var result = await _api.ResultFor("req-inflight");
        var exitCode = await run.Within();

        // Assert
        Assert.False(result.IsError);
        Assert.Equal(0, exitCode);
    }

    private LambdaBootstrap<EchoRequest, EchoResponse> CreateSut(
        Func<LambdaHandler<EchoRequest, EchoResponse>> init,
        TimeProvider? time = null) => new(
            _client,
            init,
            TestJsonContext.Default.EchoRequest,
            TestJsonContext.Default.EchoResponse,
            time ?? TimeProvider.System,
            TextWriter.Synchronized(_logs),
            new LambdaBootstrapOptions { FunctionName = "create-order" });

    private async Task<int> StopAsync(Task<int> run)
    {
        await _stop.CancelAsync();
        return await run.Within();
    }

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    private static long InOneMinute() => DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
}
