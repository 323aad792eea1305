using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Bench.Harness;
using Platform.Infra.Definition;
using Platform.Local.EventBus;
using Platform.Local.Queues;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 4: events per second through the local bus (PutEvents over HTTP → rule matching → SQS-compatible queues) with the
/// platform's own rules, and the rule matcher alone with 10, 100 and 1,000 rules (BenchmarkDotNet, <see cref="MatcherBenchmarks"/>).
/// </summary>
public sealed class EventFanOutSuite : ISuite
{
    private const double GrowthGoal = 3;
    private const double RateGoal = 100_000;
    private const int EntriesPerRequest = 10;
    private const int Senders = 4;

    public int Number => 4;

    public string Name => "events";

    public string Title => "Event fan-out and the rule matcher";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = new Report(Number, Title) { Rounds = context.RoundsOr(5) };
        await FanOutAsync(context, report);
        Matcher(context, report);
        return report;
    }

    private static async Task FanOutAsync(BenchContext context, Report report)
    {
        var rounds = context.RoundsOr(5);
        var variants = new (string Name, bool Persistent, bool Drained, int Events)[]
        {
            ("in-memory queues, drained by a consumer", false, true, context.Pick(100, 20_000)),
            ("persistent queues (as the runner), drained by a consumer", true, true, context.Pick(100, 20_000)),
            ("persistent queues, nothing consuming (depth grows)", true, false, context.Pick(100, 2_000)),
        };
        var samples = variants.ToDictionary(v => v.Name, _ => new List<(double Events, double Deliveries)>(), StringComparer.Ordinal);
        for (var round = context.Smoke ? 1 : 0; round <= rounds; round++)
        {
            context.Say(round == 0 ? "fan-out: warm-up round" : $"fan-out: round {round}/{rounds}");
            foreach (var variant in variants)
            {
                var (events, deliveries, elapsed) = await FanOutOnceAsync(context, variant.Persistent, variant.Drained, round == 0 ? Math.Min(variant.Events, 1_000) : variant.Events);
                if (round > 0)
                {
                    samples[variant.Name].Add((events / elapsed.TotalSeconds, deliveries / elapsed.TotalSeconds));
                }
            }
        }

        report.Paragraph(
            $"Fan-out: the platform's rules (from the definition, each rule's target a queue) on an `EventBusEndpoint` served by " +
            $"Kestrel on loopback; {Senders} concurrent senders post PutEvents of {EntriesPerRequest} entries (Order Created, " +
            "Payment Processed, Inventory Updated in turn: 5 deliveries per 3 events), timed from the first request to the last " +
            "message in its queue.");
        report.Table(
            ["Queues", "Events", "Events/s", "Deliveries/s"],
            variants.Select(v => (IReadOnlyList<string>)
            [
                v.Name,
                v.Events.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                Stats.Of(samples[v.Name].Select(s => s.Events)).Format("0"),
                Stats.Of(samples[v.Name].Select(s => s.Deliveries)).Format("0"),
            ]));
    }

    private static async Task<(int Events, int Deliveries, TimeSpan Elapsed)> FanOutOnceAsync(BenchContext context, bool persistent, bool drained, int events)
    {
        var state = Path.Combine(context.WorkDirectory, "fan-out-queues");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        var queues = new QueueService(new QueueServiceOptions { StateDirectory = persistent ? state : null });
        await using var bus = new EventBusEndpoint(new EventBusOptions());
        var model = PlatformDefinition.Build(StackSettings.Defaults);
        var subscriptions = model.Functions.SelectMany(f => f.Triggers.OfType<EventSubscription>()).Concat(model.Queues.Select(q => q.FedBy)).ToList();
        var delivered = new CountingTargets();
        foreach (var subscription in subscriptions)
        {
            queues.CreateQueue(subscription.RuleName);
            var pattern = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["source"] = subscription.Pattern.Source, ["detail-type"] = subscription.Pattern.DetailType });
            bus.AddRule(PlatformFunctions.BusName, subscription.RuleName, pattern, new QueueTarget(queues, subscription.RuleName, delivered));
        }

        var expected = ExpectedDeliveries(subscriptions, events);
        await using var server = await ServeAsync(bus, context.CancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Senders }) { BaseAddress = server.Url };
        var bodies = Enumerable.Range(0, events / EntriesPerRequest).Select(PutEventsBody).ToArray();
        using var draining = new CancellationTokenSource();
        var drainers = drained ? subscriptions.Select(s => DrainAsync(queues, s.RuleName, draining.Token)).ToList() : [];

        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Length; i = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents.PutEvents");
                using var response = await http.SendAsync(request, context.CancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }));
        await bus.WhenDeliveriesCompleteAsync();
        await delivered.WaitForAsync(expected, context.CancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await draining.CancelAsync();
        await Task.WhenAll(drainers);
        return (bodies.Length * EntriesPerRequest, expected, elapsed);
    }

    private static int ExpectedDeliveries(List<EventSubscription> subscriptions, int events)
    {
        var total = 0;
        for (var i = 0; i < events / EntriesPerRequest * EntriesPerRequest; i++)
        {
            var (source, detailType, _) = Cycle[i % Cycle.Length];
            total += subscriptions.Count(s => s.Pattern.Source.Contains(source) && s.Pattern.DetailType.Contains(detailType));
        }

        return total > 0 ? total : throw new InvalidOperationException("No platform rule matches the benchmark's events.");
    }

    private static readonly (string Source, string DetailType, string Detail)[] Cycle =
    [
        ("platform.orders", "Order Created", """{"schemaVersion":1,"orderId":"ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a","customerId":"usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e","items":[{"sku":"WIDGET-1","quantity":2,"unitPriceCents":1250}],"totalCents":2500,"currency":"USD","createdAt":"2026-11-25T10:00:00+00:00"}"""),
        ("platform.payments", "Payment Processed", """{"schemaVersion":1,"orderId":"ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a","customerId":"usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e","paymentId":"pay_1","amountCents":2500,"currency":"USD","processedAt":"2026-11-25T10:00:01+00:00"}"""),
        ("platform.inventory", "Inventory Updated", """{"schemaVersion":1,"sku":"WIDGET-1","stock":38,"change":-2,"reason":"reserved","updatedAt":"2026-11-25T10:00:02+00:00"}"""),
    ];

    private static byte[] PutEventsBody(int request)
    {
        var entries = Enumerable.Range(0, EntriesPerRequest).Select(i =>
        {
            var (source, detailType, detail) = Cycle[((request * EntriesPerRequest) + i) % Cycle.Length];
            return new Dictionary<string, string> { ["Source"] = source, ["DetailType"] = detailType, ["Detail"] = detail, ["EventBusName"] = PlatformFunctions.BusName };
        });
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["Entries"] = entries.ToList() });
    }

    private static async Task DrainAsync(QueueService queues, string queue, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var messages = await queues.ReceiveAsync(queue, new ReceiveOptions { MaxNumberOfMessages = 10, WaitTime = TimeSpan.FromSeconds(1) }, cancellationToken);
                foreach (var message in messages)
                {
                    queues.Delete(queue, message.ReceiptHandle!);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<Server> ServeAsync(EventBusEndpoint bus, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(bus.HandleAsync);
        await app.StartAsync(cancellationToken);
        return new Server(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private static void Matcher(BenchContext context, Report report)
    {
        context.Say("matcher: BenchmarkDotNet, in process");
        var job = (context.Smoke ? Job.Dry : Job.Default.WithWarmupCount(5).WithIterationCount(context.Rounds ?? 20))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(context.WorkDirectory, "BenchmarkDotNet"))
            // A smoke run may be a Debug build (CI reuses the tests' Debug outputs); its figures are not read anyway.
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary | (context.Smoke ? ConfigOptions.DisableOptimizationsValidator : ConfigOptions.Default));
        var summary = BenchmarkRunner.Run<MatcherBenchmarks>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
        {
            throw new InvalidOperationException("BenchmarkDotNet could not run the matcher benchmarks: " +
                string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        var results = summary.Reports.Select(r => (
            Rules: (int)r.BenchmarkCase.Parameters["Rules"],
            Shape: (string)r.BenchmarkCase.Parameters["Shape"],
            Stats: r.ResultStatistics!,
            // Per event already: BenchmarkDotNet counts OperationsPerInvoke operations per call of the benchmark.
            Allocated: r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0)).ToList();

        report.Paragraph(
            "The matcher alone (the bus's `RuleIndex`, BenchmarkDotNet in process, one thread): each parsed event tested against " +
            "a bus of 10, 100 or 1,000 rules; every event matches one rule. *pinned*: every rule names a source and a " +
            "detail-type and tests two detail fields, like the platform's rules; *mixed*: one rule in ten names only a " +
            "`detail.customerId` prefix, so it cannot be indexed by source or detail-type.");
        report.Table(
            ["Rules", "Shape", "ns per event", "Events/s (one core)", "Allocated per event, bytes", "× cost at 10 rules"],
            results.OrderBy(r => r.Shape, StringComparer.Ordinal).ThenBy(r => r.Rules).Select(r =>
            {
                var baseline = results.Single(b => b.Shape == r.Shape && b.Rules == 10).Stats.Median;
                return (IReadOnlyList<string>)
                [
                    Figures.Number(r.Rules),
                    r.Shape,
                    $"{Figures.Number(r.Stats.Median, "0")} ({Figures.Number(r.Stats.Q1, "0")}–{Figures.Number(r.Stats.Q3, "0")})",
                    Figures.Number(1e9 / r.Stats.Median, "N0"),
                    Figures.Number(r.Allocated, "0"),
                    Figures.Number(r.Stats.Median / baseline, "0.00"),
                ];
            }));

        foreach (var shape in new[] { "pinned", "mixed" })
        {
            var at10 = results.Single(r => r.Shape == shape && r.Rules == 10).Stats.Median;
            var at1000 = results.Single(r => r.Shape == shape && r.Rules == 1_000).Stats.Median;
            report.Goal(
                $"{shape}: the cost per event with 1,000 rules ≤ {GrowthGoal}× the cost with 10",
                at1000 / at10 <= GrowthGoal,
                $"{Figures.Number(at1000 / at10, "0.00")}× ({Figures.Number(at10, "0")} ns → {Figures.Number(at1000, "0")} ns)");
            var slowest = results.Where(r => r.Shape == shape).MaxBy(r => r.Stats.Median);
            report.Goal(
                $"{shape}: ≥ {RateGoal:N0} simple events per second on one core, at every rule count",
                1e9 / slowest.Stats.Median >= RateGoal,
                $"{Figures.Number(1e9 / slowest.Stats.Median, "N0")} events/s at the slowest ({Figures.Number(slowest.Rules, "N0")} rules)");
        }

        report.EndGoals();
    }

    private sealed class Server(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Counts the messages every target has put in its queue.</summary>
    private sealed class CountingTargets
    {
        private readonly Lock _lock = new();
        private int _count;
        private TaskCompletionSource? _reached;
        private int _goal = int.MaxValue;

        public void Increment()
        {
            lock (_lock)
            {
                if (++_count >= _goal)
                {
                    _reached?.TrySetResult();
                }
            }
        }

        public Task WaitForAsync(int goal, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _goal = goal;
                _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_count >= goal)
                {
                    _reached.TrySetResult();
                }

                return _reached.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            }
        }
    }

    /// <summary>A rule target that sends the event to a queue, as the runner's does, and counts it.</summary>
    private sealed class QueueTarget(QueueService queues, string queue, CountingTargets delivered) : IEventTarget
    {
        public string Arn => queues.QueueArn(queue);

        public Task DeliverAsync(string eventJson, EventDelivery delivery, CancellationToken cancellationToken)
        {
            queues.Send(queue, eventJson);
            delivered.Increment();
            return Task.CompletedTask;
        }
    }
}
