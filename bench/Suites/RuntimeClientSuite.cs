using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Platform.Bench.Harness;
using Platform.Functions.Shared.Runtime;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 2: the warm invocation loop of our runtime client (<see cref="LambdaBootstrap{TRequest, TResponse}"/> with an
/// echo handler) against a raw loop of the same HTTP calls on the same <see cref="HttpClient"/>, without the client.
/// </summary>
public sealed class RuntimeClientSuite : ISuite
{
    private const double Goal = 0.90;

    private static readonly byte[] Payload = """{"message":"hello from the benchmark","sequence":42,"tags":["warm","echo"]}"""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly Uri NextUri = new("runtime/invocation/next", UriKind.Relative);

    public int Number => 2;

    public string Name => "runtime";

    public string Title => "Warm invocation overhead of the runtime client";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var invocations = context.Pick(50, 5_000);
        var rounds = context.RoundsOr(12);
        await using var api = await RuntimeApiStub.StartAsync(context.CancellationToken);
        using var http = LambdaHost.CreateRuntimeApiClient(api.HostAndPort);

        var raw = new List<Sample>();
        var client = new List<Sample>();

        // A warm-up round of each (tiered JIT, connection set-up), then rounds alternating which loop goes first.
        for (var round = context.Smoke ? 1 : 0; round <= rounds; round++)
        {
            context.Say(round == 0 ? "runtime client: warm-up round" : $"runtime client: round {round}/{rounds}");
            var rawFirst = round % 2 == 0;
            var first = rawFirst ? await RawLoopAsync(api, http, invocations, context.CancellationToken) : await ClientLoopAsync(api, http, invocations);
            var second = rawFirst ? await ClientLoopAsync(api, http, invocations) : await RawLoopAsync(api, http, invocations, context.CancellationToken);
            if (round > 0)
            {
                raw.Add(rawFirst ? first : second);
                client.Add(rawFirst ? second : first);
            }
        }

        var report = new Report(Number, Title) { Rounds = rounds };
        report.Paragraph(
            $"{invocations:N0} invocations per round against an in-process loopback Runtime API that answers every poll at once. " +
            "Raw loop: GET next, read the request id and body, POST the body back, on the HttpClient the runtime creates. Client: " +
            "`LambdaBootstrap` with an echo handler (deserialise, invoke, serialise, post; trace id exported, deadline " +
            "cancellation) on the same HttpClient. Rounds alternate which loop runs first; the ratio is taken per round. " +
            "CPU time and allocations are the whole process's per invocation (the stub server's included, equally in both).");
        var rawRate = Stats.Of(raw.Select(s => s.PerSecond));
        var clientRate = Stats.Of(client.Select(s => s.PerSecond));
        var ratio = Stats.Of(client.Zip(raw, (c, r) => c.PerSecond / r.PerSecond));
        report.Table(
            ["Loop", "Invocations/s", "µs per invocation", "CPU µs per invocation", "Allocated per invocation, bytes", "vs raw"],
            [
                ["raw HTTP loop", rawRate.Format("0"), Figures.Number(1e6 / rawRate.Median, "0.0"), Stats.Of(raw.Select(s => s.CpuMicrosecondsPerInvocation)).Format("0.0"), Figures.Number(Stats.Of(raw.Select(s => s.AllocatedPerInvocation)).Median), "1.00"],
                ["runtime client (echo)", clientRate.Format("0"), Figures.Number(1e6 / clientRate.Median, "0.0"), Stats.Of(client.Select(s => s.CpuMicrosecondsPerInvocation)).Format("0.0"), Figures.Number(Stats.Of(client.Select(s => s.AllocatedPerInvocation)).Median), ratio.Format("0.00")],
            ]);
        var cpuRatio = Stats.Of(raw.Zip(client, (r, c) => r.CpuMicrosecondsPerInvocation / c.CpuMicrosecondsPerInvocation));
        report.Goal(
            $"the client's invocations per second ≥ {Goal:P0} of the raw loop's",
            ratio.Median >= Goal,
            $"{ratio.Median:P1} (IQR {ratio.P25:P1}–{ratio.P75:P1}); by CPU time per invocation, which a busy machine disturbs less, {cpuRatio.Median:P1} (IQR {cpuRatio.P25:P1}–{cpuRatio.P75:P1})");
        report.EndGoals();
        return report;
    }

    private static async Task<Sample> RawLoopAsync(RuntimeApiStub api, HttpClient http, int invocations, CancellationToken cancellationToken)
    {
        var done = api.Endless(Payload, invocations);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < invocations; i++)
        {
            using var next = await http.GetAsync(NextUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
            var body = await next.Content.ReadAsByteArrayAsync(cancellationToken);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var posted = await http.PostAsync(new Uri($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", UriKind.Relative), content, cancellationToken);
        }

        var last = await done;
        return new Sample(invocations, Stopwatch.GetElapsedTime(started, last.Timestamp), GC.GetTotalAllocatedBytes(precise: true) - allocated, Environment.CpuUsage.TotalTime - cpu);
    }

    private static async Task<Sample> ClientLoopAsync(RuntimeApiStub api, HttpClient http, int invocations)
    {
        var done = api.Endless(Payload, invocations);
        using var stop = new CancellationTokenSource();
        var bootstrap = new LambdaBootstrap<EchoEvent, EchoEvent>(
            http,
            () => (request, _) => Task.FromResult(request),
            EchoJsonContext.Default.EchoEvent,
            EchoJsonContext.Default.EchoEvent,
            TimeProvider.System,
            TextWriter.Null,
            new LambdaBootstrapOptions { FunctionName = "echo" });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var loop = bootstrap.RunAsync(stop.Token);
        var last = await done;
        var sample = new Sample(invocations, Stopwatch.GetElapsedTime(started, last.Timestamp), GC.GetTotalAllocatedBytes(precise: true) - allocated, Environment.CpuUsage.TotalTime - cpu);
        await stop.CancelAsync();
        var exitCode = await loop;
        return exitCode == 0 ? sample : throw new InvalidOperationException($"The runtime client's loop exited with {exitCode}.");
    }

    private sealed record Sample(int Invocations, TimeSpan Elapsed, long Allocated, TimeSpan Cpu)
    {
        public double CpuMicrosecondsPerInvocation => Cpu.TotalMicroseconds / Invocations;

        public double PerSecond => Invocations / Elapsed.TotalSeconds;

        public double AllocatedPerInvocation => (double)Allocated / Invocations;
    }
}

/// <summary>The echo handler's event and response.</summary>
public sealed record EchoEvent(string Message, int Sequence, IReadOnlyList<string> Tags);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoEvent))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
