using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Local.EventBus;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

public sealed class DeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);
    private const string Pattern = """{"source":["orders"],"detail-type":["Order Created"]}""";
    private const string TargetArn = "arn:aws:lambda:us-east-1:000000000000:function:order-created";
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:order-created-dlq";

    private readonly ManualClock _clock = new(Start);
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    private EventBusEndpoint CreateSut(int recentCapacity = 100) => new(new EventBusOptions
    {
        Account = "111122223333",
        Region = "eu-west-1",
        TimeProvider = _clock,
        Jitter = () => 1.0,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(60),
        RecentCapacity = recentCapacity,
        Delay = (delay, _) =>
        {
            _delays.Enqueue(delay);
            _clock.Advance(delay);
            return Task.CompletedTask;
        },
    });

    private static async Task<string> PutOrderCreatedAsync(EventBusServer server, string? traceHeader = null, string bus = "default")
    {
        var (status, body) = await server.CallAsync("PutEvents", new
        {
            Entries = new[]
            {
                new { Source = "orders", DetailType = "Order Created", Detail = """{"orderId":"o-1","total":42.5}""", Resources = new[] { "arn:aws:dynamodb:eu-west-1:111122223333:table/orders" }, TraceHeader = traceHeader, EventBusName = bus },
            },
        });
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("FailedEntryCount").GetInt32());
        return body.GetProperty("Entries")[0].GetProperty("EventId").GetString()!;
    }

    [Fact]
    public async Task PutEvents_MatchingRule_DeliversAwsEnvelope()
    {
        var target = new FakeTarget(TargetArn);
        var endpoint = CreateSut();
        endpoint.AddRule("default", "order-created", Pattern, target);
        await using var server = await EventBusServer.StartAsync(endpoint);

        var eventId = await PutOrderCreatedAsync(server, traceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793");
        var (eventJson, delivery) = await target.Delivered;

        using var document = JsonDocument.Parse(eventJson);
        var evt = document.RootElement;
        Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"], evt.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0", evt.GetProperty("version").GetString());
        Assert.Equal(eventId, evt.GetProperty("id").GetString());
        Assert.Equal("Order Created", evt.GetProperty("detail-type").GetString());
        Assert.Equal("orders", evt.GetProperty("source").GetString());
        Assert.Equal("111122223333", evt.GetProperty("account").GetString());
        Assert.Equal("2026-11-25T14:00:00Z", evt.GetProperty("time").GetString());
        Assert.Equal("eu-west-1", evt.GetProperty("region").GetString());
        Assert.Equal("arn:aws:dynamodb:eu-west-1:111122223333:table/orders", evt.GetProperty("resources")[0].GetString());
        Assert.Equal(42.5m, evt.GetProperty("detail").GetProperty("total").GetDecimal());
        Assert.Equal(new EventDelivery(eventId, "arn:aws:events:eu-west-1:111122223333:rule/order-created", TargetArn, 1, "Root=1-5759e988-bd862e3fe1be46a994272793"), delivery);
    }

    [Fact]
    public async Task PutEvents_EntryWithTime_UsesItInEnvelope()
    {
        var target = new FakeTarget(TargetArn);
        var endpoint = CreateSut();
        endpoint.AddRule("default", "order-created", Pattern, target);
        await using var server = await EventBusServer.StartAsync(endpoint);

        await server.CallAsync("PutEvents", """{"Entries":[{"Source":"orders","DetailType":"Order Created","Detail":"{}","Time":1.7e9}]}""");
        var (eventJson, _) = await target.Delivered;

        using var document = JsonDocument.Parse(eventJson);
        Assert.Equal("2023-11-14T22:13:20Z", document.RootElement.GetProperty("time").GetString());
    }

    [Fact]
    public async Task Delivery_TargetFailsTwice_RetriesWithBackOffThenDelivers()
    {
        var target = new FakeTarget(TargetArn, failures: 2);
        var deadLetters = new FakeDeadLetterSink(QueueArn);
        var endpoint = CreateSut();
        endpoint.AddRule("orders", "order-created", Pattern, target, new RetryPolicy(5, 3600), deadLetters);
        await using var server = await EventBusServer.StartAsync(endpoint);

        await PutOrderCreatedAsync(server, bus: "orders");
        var (_, delivery) = await target.Delivered;
        await endpoint.WhenDeliveriesCompleteAsync().Within();

        Assert.Equal(3, delivery.Attempt);
        Assert.Equal("arn:aws:events:eu-west-1:111122223333:rule/orders/order-created", delivery.RuleArn);
        Assert.Equal([1, 2, 3], target.Attempts.Select(a => a.Attempt));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _delays);
        Assert.Empty(deadLetters.Messages);
    }

    [Fact]
    public async Task Delivery_RetriesExhausted_SendsEventToDeadLetterQueueWithAttributes()
    {
        var target = new FakeTarget(TargetArn, failures: int.MaxValue);
        var deadLetters = new FakeDeadLetterSink(QueueArn);
        var endpoint = CreateSut();
        var exhausted = new TaskCompletionSource<DeadLetterMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.DeliveryExhausted += (_, message) => exhausted.TrySetResult(message);
        var ruleArn = endpoint.AddRule("default", "order-created", Pattern, target, new RetryPolicy(2, 3600), deadLetters);
        await using var server = await EventBusServer.StartAsync(endpoint);

        var eventId = await PutOrderCreatedAsync(server);
        var message = await deadLetters.FirstMessage;

        Assert.Equal(3, target.Attempts.Count);
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(eventId, body.RootElement.GetProperty("id").GetString());
        Assert.Equal(ruleArn, message.Attributes["RULE_ARN"]);
        Assert.Equal(TargetArn, message.Attributes["TARGET_ARN"]);
        Assert.Equal("ThrottlingException", message.Attributes["ERROR_CODE"]);
        Assert.Equal("attempt 3 throttled", message.Attributes["ERROR_MESSAGE"]);
        Assert.Equal("MaximumRetryAttempts", message.Attributes["EXHAUSTED_RETRY_CONDITION"]);
        Assert.Equal("2", message.Attributes["RETRY_ATTEMPTS"]);
        Assert.Same(message, await exhausted.Task.Within());
    }

    [Fact]
    public async Task Delivery_MaximumEventAgeReached_StopsRetryingEarly()
    {
        var target = new FakeTarget(TargetArn, failures: int.MaxValue);
        var deadLetters = new FakeDeadLetterSink(QueueArn);
        var endpoint = CreateSut();
        endpoint.AddRule("default", "order-created", Pattern, target, new RetryPolicy(185, 60), deadLetters);
        await using var server = await EventBusServer.StartAsync(endpoint);

        await PutOrderCreatedAsync(server);
        var message = await deadLetters.FirstMessage;

        // Delays 1+2+4+8+16 s = 31 s; the next (32 s) would pass the 60 s age.
        Assert.Equal(6, target.Attempts.Count);
        Assert.Equal("MaximumEventAgeInSeconds", message.Attributes["EXHAUSTED_RETRY_CONDITION"]);
        Assert.Equal("5", message.Attributes["RETRY_ATTEMPTS"]);
    }

    [Fact]
    public async Task Delivery_ZeroRetries_DeadLettersAfterFirstFailure()
    {
        var target = new FakeTarget(TargetArn, failures: 1);
        var deadLetters = new FakeDeadLetterSink(QueueArn);
        var endpoint = CreateSut();
        endpoint.AddRule("default", "order-created", Pattern, target, new RetryPolicy(0, 60), deadLetters);
        await using var server = await EventBusServer.StartAsync(endpoint);

        await PutOrderCreatedAsync(server);
        var message = await deadLetters.FirstMessage;

        Assert.Single(target.Attempts);
        Assert.Empty(_delays);
        Assert.Equal("0", message.Attributes["RETRY_ATTEMPTS"]);
    }

    [Fact]
    public async Task DisposeAsync_RetryPending_CancelsWithoutDeadLettering()
    {
        var target = new FakeTarget(TargetArn, failures: int.MaxValue);
        var deadLetters = new FakeDeadLetterSink(QueueArn);
        var endpoint = new EventBusEndpoint(new EventBusOptions { TimeProvider = _clock, Delay = (_, token) => Task.Delay(Timeout.Infinite, token) });
        endpoint.AddRule("default", "order-created", Pattern, target, RetryPolicy.Default, deadLetters);
        var server = await EventBusServer.StartAsync(endpoint);

        await PutOrderCreatedAsync(server);
        await target.FirstAttempt;
        await server.DisposeAsync().AsTask().Within();
        await endpoint.WhenDeliveriesCompleteAsync().Within();

        Assert.Single(target.Attempts);
        Assert.Empty(deadLetters.Messages);
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(186, 60)]
    [InlineData(0, 59)]
    [InlineData(0, 86_401)]
    public void RetryPolicy_OutsideAwsBounds_Throws(int attempts, int age)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, age));
    }

    [Fact]
    public void AddRule_InvalidPattern_ThrowsWithReason()
    {
        var endpoint = CreateSut();

        var error = Assert.Throws<InvalidEventPatternException>(() => endpoint.AddRule("default", "bad", """{"source":"orders"}""", new FakeTarget(TargetArn)));

        Assert.Equal("\"source\" must be an object or an array", error.Reason);
    }

    [Fact]
    public async Task Recent_AfterPutEvents_ListsEventsWithTheRulesTheyMatched()
    {
        var endpoint = CreateSut(recentCapacity: 2);
        var tailed = new ConcurrentQueue<MatchedEvent>();
        endpoint.EventMatched += (_, matched) => tailed.Enqueue(matched);
        endpoint.AddRule("default", "all-orders", """{"source":["orders"]}""", new FakeTarget(TargetArn));
        endpoint.AddRule("default", "order-created", Pattern, new FakeTarget(TargetArn));
        endpoint.AddRule("default", "big-orders", """{"detail":{"total":[{"numeric":[">",1000]}]}}""", new FakeTarget(TargetArn));
        endpoint.AddRule("default", "payments", """{"source":["payments"]}""", new FakeTarget(TargetArn));
        await using var server = await EventBusServer.StartAsync(endpoint);

        var first = await PutOrderCreatedAsync(server);
        var second = await PutOrderCreatedAsync(server, traceHeader: "Root=1-abc");
        var third = await PutOrderCreatedAsync(server);

        var recent = endpoint.Recent;
        Assert.Equal([second, third], recent.Select(e => e.EventId));
        Assert.Equal(["all-orders", "order-created"], recent[0].MatchedRules);
        Assert.Equal("Root=1-abc", recent[0].TraceHeader);
        Assert.Equal("default", recent[0].BusName);
        Assert.Equal([first, second, third], tailed.Select(e => e.EventId));
    }

    [Fact]
    public async Task Match_ThousandRulesIndexedBySource_OnlyMatchingRulesFire()
    {
        var endpoint = CreateSut();
        for (var i = 0; i < 1_000; i++)
        {
            endpoint.AddRule("default", $"rule-{i}", $$"""{"source":["service-{{i}}"],"detail-type":["Order Created"]}""", new FakeTarget(TargetArn));
        }

        endpoint.AddRule("default", "anything-but", """{"source":[{"anything-but":"service-1"}]}""", new FakeTarget(TargetArn));
        await using var server = await EventBusServer.StartAsync(endpoint);

        var (status, _) = await server.CallAsync("PutEvents", new { Entries = new[] { new { Source = "service-7", DetailType = "Order Created", Detail = "{}" } } });

        Assert.Equal(200, status);
        Assert.Equal(["rule-7", "anything-but"], endpoint.Recent.Single().MatchedRules);
    }

    [Fact]
    public async Task Match_RulesIndexedByDetailTypeAndSource_MatchesEveryApplicableRuleInOrder()
    {
        var endpoint = CreateSut();
        for (var i = 0; i < 500; i++)
        {
            endpoint.AddRule("default", $"type-{i}", $$"""{"source":["orders"],"detail-type":["Type {{i}}"]}""", new FakeTarget(TargetArn));
        }

        endpoint.AddRule("default", "any-source", """{"detail-type":["Type 3"]}""", new FakeTarget(TargetArn));
        endpoint.AddRule("default", "empty-source", """{"source":["", "orders"]}""", new FakeTarget(TargetArn));
        endpoint.AddRule("default", "prefix", """{"source":[{"prefix":"ord"}],"detail-type":[{"prefix":"Type 3"}]}""", new FakeTarget(TargetArn));
        endpoint.AddRule("default", "orders-any-type", """{"source":["orders"]}""", new FakeTarget(TargetArn));
        endpoint.AddRule("payments", "wrong-bus", """{"source":["orders"]}""", new FakeTarget(TargetArn));
        await using var server = await EventBusServer.StartAsync(endpoint);

        await server.CallAsync("PutEvents", new { Entries = new[] { new { Source = "orders", DetailType = "Type 3", Detail = "{}" } } });

        Assert.Equal(["type-3", "any-source", "empty-source", "prefix", "orders-any-type"], endpoint.Recent.Single().MatchedRules);
    }
}
