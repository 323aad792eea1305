using Platform.Bench.Harness;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 3: <c>GET /users/{id}</c> through the local runner (gateway → Runtime API → function → dynalite) at concurrency 1
/// and 32, against bare Kestrel replaying the gateway's exact answers, in its own process, in the same rounds.
/// </summary>
public sealed class GatewaySuite : ISuite
{
    private const double Goal = 0.30;

    public int Number => 3;

    public string Name => "gateway";

    public string Title => "Local gateway throughput and latency";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var launch = await RunnerSetup.PrepareAsync(context, "gateway");
        await using var runner = await RunnerSetup.StartAsync(context, launch);
        using var api = RunnerSetup.Client(runner);
        var userId = await RunnerSetup.CreateCustomerAsync(api, context.CancellationToken);
        var routes = new (string Name, string Path, int Status)[]
        {
            ("GET /users/{id}, id malformed: the function answers 400 without the store", "/users/not-a-user-id", 400),
            ("GET /users/{id}, existing user: the function reads dynalite", "/users/" + userId, 200),
        };

        var answers = new List<RecordedAnswer>();
        foreach (var route in routes)
        {
            using var response = await api.GetAsync(new Uri(route.Path.TrimStart('/'), UriKind.Relative), context.CancellationToken);
            if ((int)response.StatusCode != route.Status)
            {
                throw new InvalidOperationException($"GET {route.Path} answered {(int)response.StatusCode}, not {route.Status}: {await response.Content.ReadAsStringAsync(context.CancellationToken)}");
            }

            answers.Add(new RecordedAnswer(route.Path, route.Status, response.Content.Headers.ContentType?.ToString() ?? "application/json", await response.Content.ReadAsByteArrayAsync(context.CancellationToken)));
        }

        var kestrelPort = FreePort();
        using var kestrel = await BareKestrel.StartAsync(context, kestrelPort, answers);
        try
        {
            return await MeasureAsync(context, runner, kestrelPort, routes);
        }
        finally
        {
            kestrel.Kill(entireProcessTree: true);
            await kestrel.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task<Report> MeasureAsync(BenchContext context, LocalRunner runner, int kestrelPort, (string Name, string Path, int Status)[] routes)
    {
        var rounds = context.RoundsOr(5);

        // 1 and 32 as the issue asks, and the reserved concurrency of get-user: the most instances the stack lets it run,
        // beyond which Lambda (and so the runner) answers 429.
        var reserved = PlatformFunctions.All().Single(f => f.Name == "get-user").ReservedConcurrency;
        int[] concurrencies = reserved is > 1 and < 32 ? [1, reserved, 32] : [1, 32];
        var duration = context.Pick(TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(3));
        var targets = new (string Name, Uri Base)[] { ("bare Kestrel", new Uri($"http://127.0.0.1:{kestrelPort}")), ("local gateway", runner.GatewayUrl) };
        var results = new Dictionary<(string Route, int Concurrency, string Target), List<LoadResult>>();
        for (var round = context.Smoke ? 1 : 0; round <= rounds; round++)
        {
            context.Say(round == 0 ? "gateway: warm-up round (function instances start)" : $"gateway: round {round}/{rounds}");
            foreach (var route in routes)
            {
                foreach (var concurrency in concurrencies)
                {
                    // Alternate which target goes first, so neither always runs on the warmer machine.
                    var order = round % 2 == 0 ? targets : [.. targets.Reverse()];
                    foreach (var target in order)
                    {
                        var result = await LoadGenerator.RunAsync(new Uri(target.Base, route.Path), runner.Token, route.Status, concurrency, round == 0 ? TimeSpan.FromSeconds(1) : duration, context.CancellationToken);
                        if (round > 0)
                        {
                            var key = (route.Name, concurrency, target.Name);
                            results[key] = results.GetValueOrDefault(key) ?? [];
                            results[key].Add(result);
                        }
                    }
                }
            }
        }

        var report = new Report(Number, Title) { Rounds = rounds };
        report.Paragraph(
            $"Closed-loop load for {duration.TotalSeconds:0.#} s per measurement, {rounds} rounds alternating the target order, " +
            $"through the runner started as a developer starts it (dev stack, {(context.Smoke ? "JIT functions and its Debug build (smoke)" : "Native AOT functions, its Release build")}). Bare " +
            "Kestrel (its own process, no middleware) replays the gateway's recorded status, headers and body for the same " +
            "path. Requests per second count only answers with the expected status; any other answer (a 429 when every " +
            "instance allowed by the function's reserved concurrency is busy) is listed. " +
            $"Concurrency {(concurrencies.Length == 3 ? concurrencies[1] : 32)} is get-user's reserved concurrency in the dev stack: " +
            "the most instances the runner, like Lambda, lets it run at once.");
        var rows = new List<IReadOnlyList<string>>();
        var ratios = new Dictionary<(string Route, int Concurrency), Stats>();
        foreach (var route in routes)
        {
            foreach (var concurrency in concurrencies)
            {
                var kestrel = results[(route.Name, concurrency, targets[0].Name)];
                var gateway = results[(route.Name, concurrency, targets[1].Name)];
                var ratio = Stats.Of(gateway.Zip(kestrel, (g, k) => g.RequestsPerSecond / k.RequestsPerSecond));
                ratios[(route.Name, concurrency)] = ratio;
                foreach (var (target, samples) in new[] { (targets[0].Name, kestrel), (targets[1].Name, gateway) })
                {
                    rows.Add(
                    [
                        route.Name,
                        concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        target,
                        Stats.Of(samples.Select(s => s.RequestsPerSecond)).Format("0"),
                        Stats.Of(samples.Select(s => s.P50Ms)).Format("0.00"),
                        Stats.Of(samples.Select(s => s.P99Ms)).Format("0.00"),
                        target == targets[1].Name ? ratio.Format("0.00") : "1",
                        LoadGenerator.DescribeOther(samples),
                    ]);
                }
            }
        }

        report.Table(["Route", "Concurrency", "Target", "Requests/s", "p50, ms", "p99, ms", "× Kestrel", "Other answers"], rows);
        var durations = InvocationDurations(runner.Output, "get-user");
        if (durations.Count > 0)
        {
            var invocation = Stats.Of(durations);
            report.Paragraph(
                $"Where the gateway's time goes: the runner's REPORT lines for the last {durations.Count:N0} get-user invocations give " +
                $"{invocation.Format("0.00")} ms from handing the event to the function's Runtime API until its response came back " +
                "(Runtime API long poll answered, function handler, response posted); the rest of a request's latency is the " +
                "gateway itself (routing, JWT verification, the payload 2.0 event, the response mapping) and the runner's logging " +
                "of each invocation (its REPORT line and the function's log lines, DEBUG in the dev stack) to its console.");
        }

        var noStore = ratios[(routes[0].Name, 32)];
        report.Goal(
            $"at concurrency 32, a route that does not touch the store ≥ {Goal:P0} of bare Kestrel's throughput",
            noStore.Median >= Goal,
            $"{noStore.Median:P1} (IQR {noStore.P25:P1}–{noStore.P75:P1})");
        report.EndGoals();
        return report;
    }

    /// <summary>The Duration of the function's REPORT lines in the runner's output ("get-user REPORT RequestId: … Duration: 0.84 ms …").</summary>
    private static List<double> InvocationDurations(string output, string function) =>
    [
        .. output.Split('\n')
            .Where(line => line.Contains($"{function} REPORT RequestId:", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("Duration: ", StringComparison.Ordinal) + "Duration: ".Length)..])
            .Select(rest => rest[..rest.IndexOf(' ', StringComparison.Ordinal)])
            .Select(text => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : double.NaN)
            .Where(ms => !double.IsNaN(ms)),
    ];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
