using Platform.Local.Queues;
using Platform.Tests.Local.Schedules.Support;

namespace Platform.Tests.Local.Queues;

public sealed class QueueServiceTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Directory.CreateTempSubdirectory("queues-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Receive_PastMaxReceiveCount_RaisesMessageDeadLetteredWithTheTraceHeader()
    {
        const string Trace = "Root=1-6753a1b2-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1";
        var sut = CreateSut();
        sut.CreateQueue("payments-dlq");
        sut.CreateQueue("payments", new QueueAttributes { VisibilityTimeout = TimeSpan.FromSeconds(30), RedrivePolicy = new RedrivePolicy(sut.QueueArn("payments-dlq"), 1) });
        var sent = sut.Send("payments", "poison", awsTraceHeader: Trace);
        var moved = new List<DeadLetteredMessage>();
        sut.MessageDeadLettered += (_, message) => moved.Add(message);
        await sut.ReceiveAsync("payments", cancellationToken: Ct);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var again = await sut.ReceiveAsync("payments", cancellationToken: Ct);

        Assert.Empty(again);
        var deadLettered = Assert.Single(moved);
        Assert.Equal(("payments", "payments-dlq", sent.MessageId, Trace), (deadLettered.SourceQueue, deadLettered.DeadLetterQueue, deadLettered.Message.MessageId, deadLettered.Message.AwsTraceHeader));
        Assert.Equal(Trace, Assert.Single(sut.PeekMessages("payments-dlq")).AwsTraceHeader);
    }

    [Fact]
    public async Task Constructor_SameStateDirectory_KeepsTheAwsTraceHeader()
    {
        const string Trace = "Root=1-6753a1b2-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1";
        var before = CreateSut();
        before.CreateQueue("payments");
        before.Send("payments", "traced", awsTraceHeader: Trace);
        before.Send("payments", "untraced");

        var received = await CreateSut().ReceiveAsync("payments", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);

        Assert.Equal([Trace, null], received.Select(message => message.AwsTraceHeader));
    }

    [Fact]
    public async Task Constructor_SameStateDirectory_KeepsQueuesMessagesAndInFlightState()
    {
        var before = CreateSut();
        before.CreateQueue("orders-dlq");
        before.CreateQueue("orders", new QueueAttributes
        {
            VisibilityTimeout = TimeSpan.FromSeconds(30),
            RedrivePolicy = new RedrivePolicy(before.QueueArn("orders-dlq"), 3),
        });
        var inFlight = before.Send("orders", "received once", new Dictionary<string, MessageAttributeValue> { ["k"] = new("String", "v") });
        await before.ReceiveAsync("orders", cancellationToken: Ct);
        var waiting = before.Send("orders", "never received");

        var after = CreateSut();

        Assert.Equal(["orders", "orders-dlq"], after.ListQueues());
        Assert.Equal(before.GetQueue("orders").Attributes, after.GetQueue("orders").Attributes);
        Assert.Equal(new QueueDepth(1, 1, 0), after.GetDepth("orders"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var received = await after.ReceiveAsync("orders", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);
        Assert.Equal([inFlight.MessageId, waiting.MessageId], received.Select(message => message.MessageId));
        Assert.Equal("v", received[0].MessageAttributes["k"].StringValue);
        Assert.Equal(2, received[0].ApproximateReceiveCount);
    }

    [Fact]
    public async Task ReleaseInFlight_AfterRestart_ReceivedMessagesVisibleAtOnceDelayedOnesStillDelayed()
    {
        var before = CreateSut();
        before.CreateQueue("payments", new QueueAttributes { VisibilityTimeout = TimeSpan.FromSeconds(180) });
        var inFlight = before.Send("payments", "received by the previous run");
        Assert.Single(await before.ReceiveAsync("payments", cancellationToken: Ct));
        before.Send("payments", "delayed", delay: TimeSpan.FromSeconds(60));
        var after = CreateSut();

        var released = after.ReleaseInFlight("payments");

        Assert.Equal(1, released);
        Assert.Equal(new QueueDepth(1, 0, 1), after.GetDepth("payments"));
        Assert.Equal(new QueueDepth(1, 0, 1), CreateSut().GetDepth("payments"));
        var received = Assert.Single(await after.ReceiveAsync("payments", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct));
        Assert.Equal(inFlight.MessageId, received.MessageId);
        Assert.Equal(2, received.ApproximateReceiveCount);
    }

    [Fact]
    public async Task Constructor_AfterDelete_DeletedMessageAndQueueStayGone()
    {
        var before = CreateSut();
        before.CreateQueue("a");
        before.CreateQueue("b");
        before.Send("a", "x");
        var message = Assert.Single(await before.ReceiveAsync("a", cancellationToken: Ct));
        Assert.True(before.Delete("a", message.ReceiptHandle!));
        before.DeleteQueue("b");

        var after = CreateSut();

        Assert.Equal(["a"], after.ListQueues());
        Assert.Equal(new QueueDepth(0, 0, 0), after.GetDepth("a"));
    }

    [Fact]
    public async Task MoveMessages_FromDeadLetterQueue_ReturnsThemToTheSourceWithNoReceives()
    {
        var queues = CreateSut();
        queues.CreateQueue("dlq");
        queues.CreateQueue("work", new QueueAttributes { VisibilityTimeout = TimeSpan.Zero, RedrivePolicy = new RedrivePolicy(queues.QueueArn("dlq"), 1) });
        var sent = queues.Send("work", "poison");
        await queues.ReceiveAsync("work", cancellationToken: Ct);
        Assert.Empty(await queues.ReceiveAsync("work", cancellationToken: Ct));
        var dead = Assert.Single(queues.PeekMessages("dlq"));
        Assert.Equal((sent.MessageId, queues.QueueArn("work")), (dead.MessageId, dead.DeadLetterQueueSourceArn));

        var moved = queues.MoveMessages("dlq");

        Assert.Equal(1, moved);
        Assert.Empty(queues.PeekMessages("dlq"));
        var back = Assert.Single(await queues.ReceiveAsync("work", cancellationToken: Ct));
        Assert.Equal((sent.MessageId, 1), (back.MessageId, back.ApproximateReceiveCount));
    }

    [Fact]
    public async Task GetCounters_SendsReceivesDeletesAndRedrive_CountsEachAsCloudWatchDoes()
    {
        var queues = CreateSut();
        queues.CreateQueue("dlq");
        queues.CreateQueue("work", new QueueAttributes { VisibilityTimeout = TimeSpan.Zero, RedrivePolicy = new RedrivePolicy(queues.QueueArn("dlq"), 2) });
        queues.Send("work", "ok");
        queues.Send("work", "poison");
        var first = await queues.ReceiveAsync("work", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);
        Assert.True(queues.Delete("work", first.Single(message => message.Body == "ok").ReceiptHandle!));

        var second = await queues.ReceiveAsync("work", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);
        var third = await queues.ReceiveAsync("work", new ReceiveOptions { MaxNumberOfMessages = 10 }, Ct);

        Assert.Equal((2, 1, 0), (first.Count, second.Count, third.Count));
        Assert.Equal(new QueueCounters(Sent: 2, Received: 3, Deleted: 1, DeadLettered: 1), queues.GetCounters("work"));
        Assert.Equal(new QueueCounters(0, 0, 0, 0), queues.GetCounters("dlq"));
        Assert.Single(queues.PeekMessages("dlq"));
    }

    [Fact]
    public void Send_WithQueueDelay_MessageIsDelayedUntilTheDelayPasses()
    {
        var queues = CreateSut();
        queues.CreateQueue("later", new QueueAttributes { Delay = TimeSpan.FromSeconds(10) });

        queues.Send("later", "x");

        Assert.Equal(new QueueDepth(0, 0, 1), queues.GetDepth("later"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new QueueDepth(1, 0, 0), queues.GetDepth("later"));
    }

    [Fact]
    public void GetDepth_PastRetention_MessagesAreDropped()
    {
        var queues = CreateSut();
        queues.CreateQueue("short", new QueueAttributes { MessageRetentionPeriod = TimeSpan.FromSeconds(60) });
        queues.Send("short", "x");

        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(new QueueDepth(0, 0, 0), queues.GetDepth("short"));
    }

    [Fact]
    public void Send_MissingQueue_ThrowsQueueDoesNotExist()
    {
        var queues = CreateSut();

        var error = Assert.Throws<QueueException>(() => queues.Send("none", "x"));

        Assert.Equal("QueueDoesNotExist", error.Code);
    }

    private QueueService CreateSut() => new(new QueueServiceOptions { TimeProvider = _clock, StateDirectory = _directory });
}
