using System.Text.Json;
using Platform.Local.Lambda;
using Platform.Tests.Local.Lambda.Support;

namespace Platform.Tests.Local.Lambda;

public sealed class AsyncInvokerTests
{
    private static readonly EventInvokeConfig FastRetries = new()
    {
        RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)],
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enqueue_HandlerAlwaysFails_RetriesTwiceThenSendsRetriesExhaustedRecord()
    {
        // Arrange
        await using var host = CreateHost("always-fails");
        var records = new TaskCompletionSource<DestinationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = CreateSut(host, FastRetries, records);

        // Act
        var accepted = sut.Enqueue(TestFunction.Throw("payment provider down"));
        var record = await Eventually.WithinAsync(records.Task, "the destination record");

        // Assert
        Assert.True(accepted.Accepted);
        Assert.Equal(DestinationCondition.RetriesExhausted, record.Condition);
        Assert.Equal(3, record.ApproximateInvokeCount);
        Assert.Equal(accepted.RequestId, record.RequestId);
        Assert.Equal(3, host.Stats.Invocations);
        using var json = JsonDocument.Parse(record.ToJson());
        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.True(root.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        var context = root.GetProperty("requestContext");
        Assert.Equal(accepted.RequestId, context.GetProperty("requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:always-fails:$LATEST", context.GetProperty("functionArn").GetString());
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("throw", root.GetProperty("requestPayload").GetProperty("action").GetString());
        var response = root.GetProperty("responseContext");
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", response.GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", response.GetProperty("functionError").GetString());
        Assert.Equal("InvalidOperationException", root.GetProperty("responsePayload").GetProperty("errorType").GetString());
        Assert.Equal("payment provider down", root.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Enqueue_NoRetriesConfigured_SendsRecordAfterOneAttempt()
    {
        // Arrange
        await using var host = CreateHost("no-retries");
        var records = new TaskCompletionSource<DestinationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = CreateSut(host, FastRetries with { MaximumRetryAttempts = 0 }, records);

        // Act
        sut.Enqueue(TestFunction.Throw("no luck"));
        var record = await Eventually.WithinAsync(records.Task, "the destination record");

        // Assert
        Assert.Equal(DestinationCondition.RetriesExhausted, record.Condition);
        Assert.Equal(1, record.ApproximateInvokeCount);
    }

    [Fact]
    public async Task Enqueue_EventOlderThanMaximumAge_SendsEventAgeExceededRecordWithoutRetrying()
    {
        // Arrange: every reading of the invoker's clock is 61 s after the previous one.
        await using var host = CreateHost("too-old");
        var records = new TaskCompletionSource<DestinationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = FastRetries with { MaximumEventAge = TimeSpan.FromSeconds(60) };
        await using var sut = CreateSut(host, config, records, new SteppingTimeProvider(TimeSpan.FromSeconds(61)));

        // Act
        sut.Enqueue(TestFunction.Throw("slow consumer"));
        var record = await Eventually.WithinAsync(records.Task, "the destination record");

        // Assert
        Assert.Equal(DestinationCondition.EventAgeExceeded, record.Condition);
        Assert.Equal(1, record.ApproximateInvokeCount);
        Assert.Equal(1, host.Stats.Invocations);
    }

    [Fact]
    public async Task Enqueue_HandlerSucceeds_SendsNoRecord()
    {
        // Arrange
        await using var host = CreateHost("succeeds");
        var records = new TaskCompletionSource<DestinationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = CreateSut(host, FastRetries, records);

        // Act
        sut.Enqueue(TestFunction.Echo("fine"));
        await Eventually.TrueAsync(() => host.Stats.Invocations == 1 && sut.Pending == 0, "the event to be handled");

        // Assert
        Assert.False(records.Task.IsCompleted);
        Assert.Equal(0, host.Stats.Errors);
    }

    [Fact]
    public async Task Enqueue_OverAsynchronousLimit_IsRefused()
    {
        // Arrange
        await using var host = CreateHost("refused");
        await using var sut = CreateSut(host, FastRetries, new TaskCompletionSource<DestinationRecord>());

        // Act
        var result = sut.Enqueue(new byte[PayloadLimits.Asynchronous + 1]);

        // Assert
        Assert.False(result.Accepted);
        Assert.Equal("RequestTooLargeException", result.Error!.ErrorType);
        Assert.Equal(0, sut.Pending);
    }

    [Fact]
    public async Task Enqueue_InvokerStoppedBeforeDelivery_NextInvokerOnSameDirectoryDeliversIt()
    {
        // Arrange
        using var state = new StateDirectory();
        var started = Path.Combine(state.Path, "started");
        await using (var stoppedHost = CreateHost("stopped"))
        {
            await stoppedHost.StopAsync();
            await using var first = CreateSut(stoppedHost, FastRetries, new TaskCompletionSource<DestinationRecord>(), directory: state.Events);
            Assert.True(first.Enqueue(TestFunction.Sleep(0, started)).Accepted);
        }

        // Act
        await using var host = CreateHost("resumed");
        await using var sut = CreateSut(host, FastRetries, new TaskCompletionSource<DestinationRecord>(), directory: state.Events);
        await Eventually.TrueAsync(() => File.Exists(started), "the resumed event to run");

        // Assert
        await Eventually.TrueAsync(() => sut.Pending == 0 && Directory.GetFiles(state.Events).Length == 0, "the delivered event to leave the state directory");
        Assert.Equal(1, host.Stats.Invocations);
    }

    [Fact]
    public async Task Enqueue_RestartedDuringRetryDelay_ResumesWithAttemptCountAndDueTime()
    {
        // Arrange
        using var state = new StateDirectory();
        await using (var firstHost = CreateHost("retry-before-restart"))
        await using (var first = CreateSut(firstHost, FastRetries with { RetryDelays = [TimeSpan.FromHours(1)] }, new TaskCompletionSource<DestinationRecord>(), directory: state.Events))
        {
            first.Enqueue(TestFunction.Throw("still down"));
            await Eventually.TrueAsync(() => SavedAttempts(state.Events) == 1, "the first failed attempt to be saved");
        }

        var records = new TaskCompletionSource<DestinationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act
        await using var host = CreateHost("retry-after-restart");
        await using (var early = CreateSut(host, FastRetries, records, directory: state.Events))
        {
            // The saved retry is an hour away: a restart must not bring it forward.
            Assert.Equal(1, early.Pending);
        }

        Assert.Equal(0, host.Stats.Invocations);
        await using var sut = CreateSut(host, FastRetries, records, new ShiftedTimeProvider(TimeSpan.FromHours(2)), state.Events);
        var record = await Eventually.WithinAsync(records.Task, "the destination record");

        // Assert
        Assert.Equal(3, record.ApproximateInvokeCount);
        Assert.Equal(2, host.Stats.Invocations);
        await Eventually.TrueAsync(() => Directory.GetFiles(state.Events).Length == 0, "the settled event to leave the state directory");
    }

    private static int SavedAttempts(string directory) =>
        Directory.GetFiles(directory, "*.json") is [var file]
            ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("Attempts").GetInt32()
            : -1;

    private static FunctionHost CreateHost(string name) =>
        new(TestFunction.Spec(name), TestOutputLogger.ForCurrentTest(), TimeProvider.System);

    private static AsyncInvoker CreateSut(
        FunctionHost host, EventInvokeConfig config, TaskCompletionSource<DestinationRecord> records, TimeProvider? time = null, string? directory = null) =>
        new(host, config, (record, _) =>
        {
            records.TrySetResult(record);
            return Task.CompletedTask;
        }, TestOutputLogger.ForCurrentTest(), time ?? TimeProvider.System, directory);

    private sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private sealed class StateDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("async-invoker-").FullName;

        public string Events => System.IO.Path.Combine(Path, "async");

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
        private long _readings;

        public override DateTimeOffset GetUtcNow() => _start + (step * Interlocked.Increment(ref _readings));
    }
}
