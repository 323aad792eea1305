using System.Diagnostics;
using System.Globalization;
using Platform.Local.Lambda;
using Platform.Tests.Local.Lambda.Support;

namespace Platform.Tests.Local.Lambda;

public sealed class FunctionHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("local-lambda-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task InvokeAsync_Echo_ReturnsResponseAndPassesRuntimeHeadersAndEnvironment()
    {
        // Arrange
        var spec = TestFunction.Spec("echo") with { Environment = new Dictionary<string, string> { ["TEST_SETTING"] = "from-definition" } };
        await using var sut = CreateSut(spec);
        var options = new InvocationOptions
        {
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext = """{"client":{"app_title":"orders"}}""",
        };
        var before = DateTimeOffset.UtcNow;

        // Act
        var result = await sut.InvokeAsync(TestFunction.Echo("hello"), options, Cancellation);

        // Assert
        var response = TestFunction.Response(result);
        Assert.Equal("hello", response.GetProperty("value").GetString());
        Assert.Equal(result.RequestId, response.GetProperty("requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:echo", response.GetProperty("functionArn").GetString());
        Assert.Equal(options.TraceId, response.GetProperty("traceId").GetString());
        Assert.Equal(options.ClientContext, response.GetProperty("clientContext").GetString());
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(response.GetProperty("deadlineMs").GetInt64());
        Assert.InRange(deadline, before + spec.Timeout - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + spec.Timeout + TimeSpan.FromSeconds(1));
        var environment = response.GetProperty("environment");
        Assert.Equal("echo", environment.GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
        Assert.Equal("256", environment.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
        Assert.Equal("$LATEST", environment.GetProperty("AWS_LAMBDA_FUNCTION_VERSION").GetString());
        Assert.Equal("us-east-1", environment.GetProperty("AWS_REGION").GetString());
        Assert.Equal("local", environment.GetProperty("AWS_ACCESS_KEY_ID").GetString());
        Assert.Equal("true", environment.GetProperty("AWS_EC2_METADATA_DISABLED").GetString());
        Assert.Equal("from-definition", environment.GetProperty("TEST_SETTING").GetString());
        Assert.Equal(response.GetProperty("processId").GetInt32(), result.InstanceProcessId);
    }

    [Fact]
    public async Task InvokeAsync_GivenTraceId_RaisesInvocationCompletedWithItAndTheResult()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("traced"));
        var completed = new List<FunctionInvocation>();
        sut.InvocationCompleted += (_, invocation) => completed.Add(invocation);
        var options = new InvocationOptions { Type = InvocationType.Event, TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1" };
        var before = DateTimeOffset.UtcNow;

        // Act
        var result = await sut.InvokeAsync(TestFunction.Echo("hello"), options, Cancellation);

        // Assert
        var invocation = Assert.Single(completed);
        Assert.Equal("traced", invocation.FunctionName);
        Assert.Equal(InvocationType.Event, invocation.Type);
        Assert.InRange(invocation.StartedAt, before, DateTimeOffset.UtcNow);
        Assert.Same(result, invocation.Result);
        Assert.Equal(options.TraceId, result.TraceId);
        Assert.True(result.ColdStart);
    }

    [Fact]
    public async Task InvokeAsync_NoTraceId_StartsOneThatTheFunctionAndTheResultShare()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("untraced"));

        // Act
        var first = await sut.InvokeAsync(TestFunction.Echo("a"), InvocationOptions.Synchronous, Cancellation);
        var second = await sut.InvokeAsync(TestFunction.Echo("b"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", first.TraceId);
        Assert.Equal(first.TraceId, TestFunction.Response(first).GetProperty("traceId").GetString());
        Assert.NotEqual(first.TraceId, second.TraceId);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_ReturnsFunctionErrorWithPostedBody()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("thrower"));

        // Act
        var result = await sut.InvokeAsync(TestFunction.Throw("card declined"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("InvalidOperationException", result.Error!.ErrorType);
        Assert.Equal("card declined", result.Error.ErrorMessage);
        var body = TestFunction.ErrorBody(result);
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        Assert.True(body.GetProperty("stackTrace").GetArrayLength() > 0);
        Assert.Equal(1, sut.Stats.Errors);
    }

    [Fact]
    public async Task InvokeAsync_PastTimeout_KillsInstanceAndNextInvocationGetsFreshOne()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("slow") with { Timeout = TimeSpan.FromSeconds(1) });

        // Act
        var timedOut = await sut.InvokeAsync(TestFunction.Sleep(60_000), InvocationOptions.Synchronous, Cancellation);
        var next = await sut.InvokeAsync(TestFunction.Echo("after"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.Timeout, timedOut.Status);
        Assert.Equal("Sandbox.Timedout", timedOut.Error!.ErrorType);
        Assert.Equal($"RequestId: {timedOut.RequestId} Error: Task timed out after 1.00 seconds", timedOut.Error.ErrorMessage);
        Assert.InRange(timedOut.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !Processes.IsAlive(timedOut.InstanceProcessId!.Value), "the timed-out process to die");
        Assert.Equal("after", TestFunction.Response(next).GetProperty("value").GetString());
        Assert.NotEqual(timedOut.InstanceProcessId, next.InstanceProcessId);
        Assert.True(next.ColdStart);
        Assert.Equal(1, sut.Stats.Timeouts);
    }

    [Fact]
    public async Task InvokeAsync_ProcessExitsMidInvocation_ReturnsExitErrorAndNextInvocationGetsFreshInstance()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("exiter"));

        // Act
        var exited = await sut.InvokeAsync(TestFunction.Exit(3), InvocationOptions.Synchronous, Cancellation);
        var next = await sut.InvokeAsync(TestFunction.Echo("after"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.FunctionError, exited.Status);
        Assert.Equal("Runtime.ExitError", exited.Error!.ErrorType);
        Assert.Equal($"RequestId: {exited.RequestId} Error: Runtime exited with error: exit status 3", exited.Error.ErrorMessage);
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.NotEqual(exited.InstanceProcessId, next.InstanceProcessId);
        Assert.True(next.ColdStart);
    }

    [Fact]
    public async Task InvokeAsync_InitError_FailsWithPostedErrorAndDiscardsInstance()
    {
        // Arrange
        var spec = TestFunction.Spec("misconfigured") with
        {
            Environment = new Dictionary<string, string> { ["TEST_INIT_ERROR"] = "Environment variable TABLE_NAME is required" },
        };
        await using var sut = CreateSut(spec);

        // Act
        var result = await sut.InvokeAsync(TestFunction.Echo("never"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("Runtime.ConfigInvalid", result.Error!.ErrorType);
        Assert.Equal("Environment variable TABLE_NAME is required", result.Error.ErrorMessage);
        Assert.Equal("ConfigurationException", TestFunction.ErrorBody(result).GetProperty("errorType").GetString());
        Assert.Empty(sut.InstanceProcessIds);
        await Eventually.TrueAsync(() => !Processes.IsAlive(result.InstanceProcessId!.Value), "the failed instance to exit");
    }

    [Fact]
    public async Task InvokeAsync_AllInstancesBusy_ThrottlesSynchronousInvocation()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("busy") with { ReservedConcurrency = 1 });
        var started = Path.Combine(_directory, "started");
        var busy = sut.InvokeAsync(TestFunction.Sleep(2_000, started), InvocationOptions.Synchronous, Cancellation);
        await Eventually.TrueAsync(() => File.Exists(started), "the first invocation to start");

        // Act
        var throttled = await sut.InvokeAsync(TestFunction.Echo("second"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.Throttled, throttled.Status);
        Assert.Equal("TooManyRequestsException", throttled.Error!.ErrorType);
        Assert.Null(throttled.InstanceProcessId);
        Assert.Equal(InvocationStatus.Success, (await busy).Status);
        Assert.Equal(1, sut.Stats.Throttles);
    }

    [Fact]
    public async Task InvokeAsync_AsynchronousWhileAllInstancesBusy_WaitsForTheInstance()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("queued") with { ReservedConcurrency = 1 });
        var started = Path.Combine(_directory, "started");
        var busy = sut.InvokeAsync(TestFunction.Sleep(1_000, started), InvocationOptions.Synchronous, Cancellation);
        await Eventually.TrueAsync(() => File.Exists(started), "the first invocation to start");

        // Act
        var queued = await sut.InvokeAsync(TestFunction.Echo("queued"), new InvocationOptions { Type = InvocationType.Event }, Cancellation);

        // Assert
        var first = await busy;
        Assert.Equal(InvocationStatus.Success, queued.Status);
        Assert.Equal(first.InstanceProcessId, queued.InstanceProcessId);
        Assert.False(queued.ColdStart);
        Assert.Equal(0, sut.Stats.Throttles);
    }

    [Fact]
    public async Task InvokeAsync_WaitForInstanceWhileAllInstancesBusy_WaitsInsteadOfThrottling()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("poller") with { ReservedConcurrency = 1 });
        var started = Path.Combine(_directory, "started");
        var busy = sut.InvokeAsync(TestFunction.Sleep(1_000, started), InvocationOptions.Synchronous, Cancellation);
        await Eventually.TrueAsync(() => File.Exists(started), "the first invocation to start");

        // Act
        var waited = await sut.InvokeAsync(TestFunction.Echo("batch"), new InvocationOptions { WaitForInstance = true }, Cancellation);

        // Assert
        var first = await busy;
        Assert.Equal(InvocationStatus.Success, waited.Status);
        Assert.Equal("batch", TestFunction.Response(waited).GetProperty("value").GetString());
        Assert.Equal(first.InstanceProcessId, waited.InstanceProcessId);
        Assert.Equal(0, sut.Stats.Throttles);
    }

    [Fact]
    public async Task InvokeAsync_RequestsOverPayloadLimits_AreRefusedWithoutRunningTheFunction()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("limits"));
        var overSynchronous = new byte[PayloadLimits.Synchronous + 1];
        var overAsynchronous = new byte[PayloadLimits.Asynchronous + 1];

        // Act
        var synchronous = await sut.InvokeAsync(overSynchronous, InvocationOptions.Synchronous, Cancellation);
        var asynchronous = await sut.InvokeAsync(overAsynchronous, new InvocationOptions { Type = InvocationType.Event }, Cancellation);

        // Assert
        Assert.Equal(6_291_456, PayloadLimits.Synchronous);
        Assert.Equal(1_048_576, PayloadLimits.Asynchronous);
        Assert.Equal(InvocationStatus.PayloadTooLarge, synchronous.Status);
        Assert.Equal("RequestTooLargeException", synchronous.Error!.ErrorType);
        Assert.Equal(InvocationStatus.PayloadTooLarge, asynchronous.Status);
        Assert.Contains("1048576 bytes", asynchronous.Error!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(sut.InstanceProcessIds);
    }

    [Fact]
    public async Task InvokeAsync_AsynchronousPayloadJustUnderLimit_IsDelivered()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("big-event"));
        var value = new string('v', PayloadLimits.Asynchronous - 100);

        // Act
        var result = await sut.InvokeAsync(TestFunction.Echo(value), new InvocationOptions { Type = InvocationType.Event }, Cancellation);

        // Assert
        Assert.Equal(value.Length, TestFunction.Response(result).GetProperty("value").GetString()!.Length);
    }

    [Fact]
    public async Task InvokeAsync_ResponseOverLimit_FailsWithResponseSizeTooLarge()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("huge"));

        // Act
        var result = await sut.InvokeAsync(TestFunction.Huge(PayloadLimits.Response + 1_000), InvocationOptions.Synchronous, Cancellation);
        var next = await sut.InvokeAsync(TestFunction.Echo("after"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(InvocationStatus.PayloadTooLarge, result.Status);
        Assert.Equal("Function.ResponseSizeTooLarge", result.Error!.ErrorType);
        Assert.True(result.IsFunctionFailure);
        Assert.Equal(InvocationStatus.Success, next.Status);
    }

    [Fact]
    public async Task InvokeAsync_SeveralInvocationsOnOneInstance_ReportsColdStartOnce()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("warm") with { ReservedConcurrency = 1 });

        // Act
        var results = new List<InvocationResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await sut.InvokeAsync(TestFunction.Echo($"call {i}"), InvocationOptions.Synchronous, Cancellation));
        }

        // Assert
        Assert.True(results[0].ColdStart);
        Assert.True(results[0].InitDuration > TimeSpan.Zero);
        Assert.All(results.Skip(1), result => Assert.False(result.ColdStart));
        Assert.All(results.Skip(1), result => Assert.Null(result.InitDuration));
        Assert.Single(results.Select(result => result.InstanceProcessId).Distinct());
        var stats = sut.Stats;
        Assert.Equal(3, stats.Invocations);
        Assert.Equal(1, stats.ColdStarts);
        Assert.NotNull(stats.P50);
        Assert.NotNull(stats.P99);
        Assert.NotNull(stats.InitP50);
    }

    [Fact]
    public async Task RuntimeApi_CallsOutOfTurn_AnswerWithAwsStatusCodes()
    {
        // Arrange
        await using var sut = CreateSut(TestFunction.Spec("probe") with { ReservedConcurrency = 1 });
        await sut.InvokeAsync(TestFunction.Echo("first"), InvocationOptions.Synchronous, Cancellation);

        // Act
        var result = await sut.InvokeAsync(TestFunction.Probe(), InvocationOptions.Synchronous, Cancellation);

        // Assert
        var statuses = TestFunction.Response(result).GetProperty("probeStatuses");
        Assert.Equal(400, statuses.GetProperty("unknownRequest").GetInt32());
        Assert.Equal(403, statuses.GetProperty("answeredRequest").GetInt32());
        Assert.Equal(403, statuses.GetProperty("initErrorAfterInit").GetInt32());
        Assert.Equal(404, statuses.GetProperty("unknownPath").GetInt32());
    }

    [Fact]
    public async Task StopAsync_InstancesMidInvocation_LeavesNoProcessBehind()
    {
        // Arrange
        var spec = TestFunction.Spec("stopped") with { ReservedConcurrency = 2 };
        var sut = CreateSut(spec);
        var firstStarted = Path.Combine(_directory, "first");
        var secondStarted = Path.Combine(_directory, "second");
        var first = sut.InvokeAsync(TestFunction.Sleep(60_000, firstStarted), InvocationOptions.Synchronous, Cancellation);
        var second = sut.InvokeAsync(TestFunction.Sleep(60_000, secondStarted), InvocationOptions.Synchronous, Cancellation);
        await Eventually.TrueAsync(() => File.Exists(firstStarted) && File.Exists(secondStarted), "both invocations to start");
        Assert.Equal(2, sut.InstanceProcessIds.Count);

        // Act
        await sut.StopAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await Eventually.TrueAsync(() => Processes.WithArgument(TestFunction.Marker(spec)).Count == 0, "every function process and watchdog to exit");
        await sut.DisposeAsync();
    }

    [Fact]
    public async Task Runner_KilledWithSigkill_TakesItsFunctionProcessesWithIt()
    {
        // Arrange: a runner process (the test function in host mode) with one instance mid-invocation.
        var started = Path.Combine(_directory, "started");
        var startInfo = new ProcessStartInfo(TestFunction.ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("host");
        startInfo.ArgumentList.Add(TestFunction.ExecutablePath);
        startInfo.ArgumentList.Add(started);
        using var runner = Process.Start(startInfo)!;
        await Eventually.TrueAsync(() => File.Exists(started) && File.ReadAllText(started).Length > 0, "the function to start");
        var functionProcessId = int.Parse(File.ReadAllText(started), CultureInfo.InvariantCulture);
        Assert.True(Processes.IsAlive(functionProcessId));

        // Act
        runner.Kill();
        await runner.WaitForExitAsync(Cancellation);

        // Assert
        await Eventually.TrueAsync(() => !Processes.IsAlive(functionProcessId), "the orphaned function to be killed", TimeSpan.FromSeconds(10));
    }

    private static FunctionHost CreateSut(FunctionSpec spec) => new(spec, TestOutputLogger.ForCurrentTest(), TimeProvider.System);
}
