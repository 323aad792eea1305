using System.Text.Json;
using Platform.Local.Queues;
using Platform.Tests.Local.Schedules.Support;

namespace Platform.Tests.Local.Queues;

public sealed class LambdaQueuePollerTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly QueueService _queues;

    public LambdaQueuePollerTests()
    {
        _queues = new QueueService(new QueueServiceOptions { TimeProvider = _clock });
        _queues.CreateQueue("payments", new QueueAttributes { VisibilityTimeout = VisibilityTimeout });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PollOnce_PartialBatchFailure_OnlyFailedRecordsReturnToTheQueue()
    {
        var ids = Enumerable.Range(1, 4).Select(i => _queues.Send("payments", $"payment-{i}").MessageId).ToList();
        var poller = CreateSut(
            new EventSourceMapping("payments") { BatchSize = 10, ReportBatchItemFailures = true },
            sqsEvent => $"{{\"batchItemFailures\":[{{\"itemIdentifier\":\"{ids[1]}\"}},{{\"itemIdentifier\":\"{ids[3]}\"}}]}}");

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(4, 2, 2), result);
        Assert.Equal(new QueueDepth(0, 2, 0), _queues.GetDepth("payments"));
        _clock.Advance(VisibilityTimeout);
        var again = await _queues.ReceiveAsync("payments", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);
        Assert.Equal(new[] { ids[1], ids[3] }.Order(), again.Select(message => message.MessageId).Order());
        Assert.All(again, message => Assert.Equal(2, message.ApproximateReceiveCount));
    }

    [Fact]
    public async Task PollOnce_BatchSettled_RaisesBatchCompletedWithItsCounts()
    {
        var ids = Enumerable.Range(1, 3).Select(i => _queues.Send("payments", $"payment-{i}").MessageId).ToList();
        var poller = CreateSut(
            new EventSourceMapping("payments") { BatchSize = 10, ReportBatchItemFailures = true },
            _ => $"{{\"batchItemFailures\":[{{\"itemIdentifier\":\"{ids[0]}\"}}]}}");
        var reported = new List<PollResult>();
        poller.BatchCompleted += (_, batch) => reported.Add(batch);

        await poller.PollOnceAsync(TimeSpan.Zero, Ct);
        await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        // The second poll finds nothing visible: no batch, nothing reported.
        Assert.Equal([new PollResult(3, 2, 1)], reported);
    }

    [Fact]
    public async Task PollOnce_InvocationThrows_WholeBatchStays()
    {
        _queues.Send("payments", "a");
        _queues.Send("payments", "b");
        var poller = CreateSut(new EventSourceMapping("payments") { ReportBatchItemFailures = true }, _ => throw new InvalidOperationException("handler failed"));

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(2, 0, 2), result);
        Assert.Equal(new QueueDepth(0, 2, 0), _queues.GetDepth("payments"));
    }

    [Fact]
    public async Task PollOnce_InvocationReturnsNull_WholeBatchStays()
    {
        _queues.Send("payments", "a");
        var poller = CreateSut(new EventSourceMapping("payments"), _ => null);

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(1, 0, 1), result);
    }

    [Fact]
    public async Task PollOnce_UnknownItemIdentifier_TreatsTheWholeBatchAsFailed()
    {
        _queues.Send("payments", "a");
        _queues.Send("payments", "b");
        var poller = CreateSut(new EventSourceMapping("payments") { ReportBatchItemFailures = true }, _ => "{\"batchItemFailures\":[{\"itemIdentifier\":\"nope\"}]}");

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(2, 0, 2), result);
    }

    [Fact]
    public async Task PollOnce_EmptyResponse_DeletesTheBatch()
    {
        _queues.Send("payments", "a");
        var poller = CreateSut(new EventSourceMapping("payments") { ReportBatchItemFailures = true }, _ => "{}");

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(1, 1, 0), result);
        Assert.Equal(new QueueDepth(0, 0, 0), _queues.GetDepth("payments"));
    }

    [Fact]
    public async Task PollOnce_BatchSize_DeliversAtMostThatMany()
    {
        for (var i = 0; i < 5; i++)
        {
            _queues.Send("payments", $"m{i}");
        }

        var poller = CreateSut(new EventSourceMapping("payments") { BatchSize = 3 }, _ => "null");

        var result = await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(new PollResult(3, 3, 0), result);
        Assert.Equal(new QueueDepth(2, 0, 0), _queues.GetDepth("payments"));
    }

    [Fact]
    public async Task PollOnce_BatchingWindow_WaitsForMoreRecordsUntilTheWindowCloses()
    {
        _queues.Send("payments", "first");
        var sizes = new List<int>();
        var poller = CreateSut(new EventSourceMapping("payments") { BatchSize = 5, MaximumBatchingWindow = TimeSpan.FromSeconds(10) }, sqsEvent =>
        {
            sizes.Add(Records(sqsEvent).GetArrayLength());
            return "{}";
        });

        var poll = poller.PollOnceAsync(TimeSpan.Zero, Ct);
        await _clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
        _queues.Send("payments", "second");
        await _clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var result = await poll.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(new PollResult(2, 2, 0), result);
        Assert.Equal([2], sizes);
    }

    [Fact]
    public async Task PollOnce_Records_HaveTheLambdaSqsEventShape()
    {
        var sent = _queues.Send("payments", "{\"amount\":5}", new Dictionary<string, MessageAttributeValue> { ["kind"] = new("String", "card") });
        string? captured = null;
        var poller = CreateSut(new EventSourceMapping("payments"), sqsEvent =>
        {
            captured = sqsEvent;
            return "{}";
        });

        await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        var record = Records(captured!)[0];
        Assert.Equal(sent.MessageId, record.GetProperty("messageId").GetString());
        Assert.Equal("{\"amount\":5}", record.GetProperty("body").GetString());
        Assert.Equal(sent.Md5OfMessageBody, record.GetProperty("md5OfBody").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:payments", record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), record.GetProperty("attributes").GetProperty("SentTimestamp").GetString());
        Assert.Equal("card", record.GetProperty("messageAttributes").GetProperty("kind").GetProperty("stringValue").GetString());
        Assert.Equal("String", record.GetProperty("messageAttributes").GetProperty("kind").GetProperty("dataType").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("receiptHandle").GetString()));
    }

    [Fact]
    public async Task PollOnce_TracedRecords_InvokesWithTheFirstTraceAndListsEachInTheRecordAttributes()
    {
        const string First = "Root=1-6753a1b2-000000000000000000000001;Parent=89abcdef01234567;Sampled=1";
        const string Second = "Root=1-6753a1b2-000000000000000000000002;Parent=89abcdef01234567;Sampled=1";
        _queues.Send("payments", "untraced");
        _queues.Send("payments", "first", awsTraceHeader: First);
        _queues.Send("payments", "second", awsTraceHeader: Second);
        QueueBatch? captured = null;
        var poller = new LambdaQueuePoller(
            _queues,
            new EventSourceMapping("payments") { BatchSize = 10 },
            (batch, _) =>
            {
                captured = batch;
                return Task.FromResult<string?>("{}");
            },
            _clock);

        await poller.PollOnceAsync(TimeSpan.Zero, Ct);

        Assert.Equal(First, captured!.TraceHeader);
        Assert.Equal(3, captured.Messages.Count);
        var records = Records(captured.EventJson).EnumerateArray().ToList();
        Assert.False(records[0].GetProperty("attributes").TryGetProperty("AWSTraceHeader", out _));
        Assert.Equal(First, records[1].GetProperty("attributes").GetProperty("AWSTraceHeader").GetString());
        Assert.Equal(Second, records[2].GetProperty("attributes").GetProperty("AWSTraceHeader").GetString());
    }

    private LambdaQueuePoller CreateSut(EventSourceMapping mapping, Func<string, string?> function) =>
        new(_queues, mapping, (sqsEvent, _) => Task.FromResult(function(sqsEvent)), _clock);

    private static JsonElement Records(string sqsEvent)
    {
        using var document = JsonDocument.Parse(sqsEvent);
        return document.RootElement.GetProperty("Records").Clone();
    }
}
