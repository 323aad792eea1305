using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Platform.Bench.Harness;
using Platform.Infra.Definition;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 7: the local loop. Time from starting the (already built) runner to every route answering through its function,
/// and the memory of the runner with every function warm. A code change answered is not measurable yet (no watch mode).
/// </summary>
public sealed class LocalLoopSuite : ISuite
{
    private const double ReadyGoalSeconds = 3;
    private const double InstanceGoalMb = 5;

    public int Number => 7;

    public string Name => "local";

    public string Title => "The local loop: start-up and memory";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // `dotnet run --project local` runs the Debug build: that is the one timed here.
        var launch = await RunnerSetup.PrepareAsync(context, "local loop", configuration: "Debug");
        var routes = PlatformFunctions.All().SelectMany(f => f.Triggers.OfType<HttpRoute>()).ToList();

        // An untimed start builds whatever function is not built yet and yields a token (its key stays in the state).
        string token;
        await using (var first = await RunnerSetup.StartAsync(context, launch))
        {
            token = first.Token;
        }

        var commands = context.Smoke
            ? new[] { RunnerCommand.BuiltDll, RunnerCommand.DotnetRun }
            : [RunnerCommand.DotnetRun, RunnerCommand.DotnetRunNoBuild, RunnerCommand.BuiltDll];
        var rounds = context.RoundsOr(5);
        var ready = commands.ToDictionary(c => c, _ => new List<(double Printed, double Routes)>());
        for (var round = 1; round <= rounds; round++)
        {
            context.Say($"local loop: round {round}/{rounds}");
            foreach (var command in round % 2 == 0 ? commands.Reverse() : commands)
            {
                await using var runner = LocalRunner.Start(context, launch with { Command = command });
                var answered = await WaitForEveryRouteAsync(runner, token, routes, context.CancellationToken);
                var printed = await runner.Printed.WaitAsync(TimeSpan.FromMinutes(2), context.CancellationToken);
                ready[command].Add((Stopwatch.GetElapsedTime(runner.Started, printed).TotalSeconds, Stopwatch.GetElapsedTime(runner.Started, answered).TotalSeconds));
            }
        }

        var memory = await MeasureMemoryAsync(context, launch, token);

        var report = new Report(Number, Title) { Rounds = rounds };
        report.Paragraph(
            "Start-up: from starting the command (the runner and every function already built, `--reset` state) until each " +
            "HTTP route of the definition has answered a request through its function (a status below 500: each probe is a " +
            "request the function rejects, so the answer proves the function ran), and until the runner printed its summary. " +
            $"The runner is its Debug build, as `dotnet run --project local` runs it; functions {(context.Smoke ? "JIT (smoke)" : "Native AOT")}.");
        report.Table(
            ["Command", "Summary printed, s", "Every route answered, s"],
            commands.Select(c => (IReadOnlyList<string>)
            [
                Describe(c),
                Stats.Of(ready[c].Select(r => r.Printed)).Format("0.00"),
                Stats.Of(ready[c].Select(r => r.Routes)).Format("0.00"),
            ]));
        report.Paragraph(
            "Memory: one start with `--fast-schedules`, then one order placed and one product restocked so that every " +
            "function ran, then two idle seconds. RSS counts shared pages in every process that maps them; PSS shares them " +
            "out; private (USS) is what one more instance of a function adds.");
        report.Table(["Process", "Instances", "RSS, MB", "PSS, MB", "Private, MB"], memory.Rows);

        var routesReady = Stats.Of(ready[RunnerCommand.DotnetRun].Select(r => r.Routes)).Median;
        var builtReady = Stats.Of(ready[RunnerCommand.BuiltDll].Select(r => r.Routes)).Median;
        report.Goal(
            $"`dotnet run --project local` (already built) serves every route in under {ReadyGoalSeconds} s",
            routesReady < ReadyGoalSeconds,
            $"{Figures.Number(routesReady, "0.00")} s ({Figures.Number(builtReady, "0.00")} s for the built runner without `dotnet run`)");
        report.Goal(
            $"under {InstanceGoalMb} MB of memory per idle function instance beyond the runner's own",
            memory.PrivatePerInstanceMb < InstanceGoalMb,
            $"{Figures.Number(memory.PrivatePerInstanceMb, "0.0")} MB private (USS) per instance, median over {memory.Instances} instances; " +
            $"{Figures.Number(memory.ResidentPerInstanceMb, "0.0")} MB RSS");
        report.GoalNotMeasured(
            "a code change in one function answered with the change",
            "this suite does not time --watch yet (the runner's watch mode landed after the suite was written); " +
            "tests/local WatchModeTests checks the behaviour, not its speed");
        report.EndGoals();
        return report;
    }

    private static string Describe(RunnerCommand command) => command switch
    {
        RunnerCommand.DotnetRun => "`dotnet run --project local` (MSBuild's up-to-date check included)",
        RunnerCommand.DotnetRunNoBuild => "`dotnet run --no-build --project local`",
        _ => "`dotnet local/bin/Debug/net10.0/Platform.Local.dll`",
    };

    /// <summary>Probes every route until each has answered through its function; returns the timestamp of the last first answer.</summary>
    private static async Task<long> WaitForEveryRouteAsync(LocalRunner runner, string token, IReadOnlyList<HttpRoute> routes, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = runner.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        var answered = await Task.WhenAll(routes.Select(async route =>
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route.Path, "{[^}]+}", "bench-probe").TrimStart('/');
            while (true)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                if (route.Method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                try
                {
                    using var response = await client.SendAsync(request, deadline.Token);
                    if ((int)response.StatusCode < 500)
                    {
                        return Stopwatch.GetTimestamp();
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"{route.RouteKey} did not answer through its function within 3 minutes:\n{runner.Output}");
                }
                catch (TaskCanceledException)
                {
                    // This request's own timeout (30 s): try again until the deadline.
                }

                await Task.Delay(20, deadline.Token);
            }
        }));
        return answered.Max();
    }

    private static async Task<MemoryFigures> MeasureMemoryAsync(BenchContext context, RunnerLaunch launch, string token)
    {
        context.Say("local loop: memory with every function warm");
        await using var runner = await RunnerSetup.StartAsync(context, launch with { Command = RunnerCommand.BuiltDll, FastSchedules = true });
        using var api = RunnerSetup.Client(runner);
        var routes = PlatformFunctions.All().SelectMany(f => f.Triggers.OfType<HttpRoute>()).ToList();
        await WaitForEveryRouteAsync(runner, token, routes, context.CancellationToken);
        var customer = await RunnerSetup.CreateCustomerAsync(api, context.CancellationToken);
        var sku = await RunnerSetup.CreateProductAsync(api, stock: 3, context.CancellationToken);
        using (var order = await api.PostAsJsonAsync("orders", RunnerSetup.Order(customer, sku), context.CancellationToken))
        {
            await RunnerSetup.IdAsync(order, "POST /orders", context.CancellationToken);
        }

        var functions = PlatformFunctions.All().Select(f => f.Name).ToList();
        var flavour = launch.Jit ? "jit" : "aot";
        Dictionary<string, List<int>> instances = [];
        var clock = Stopwatch.StartNew();
        var wait = context.Pick(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(40));
        while (clock.Elapsed < wait)
        {
            instances = FunctionInstances(runner, functions, flavour);
            if (instances.Count == functions.Count)
            {
                break;
            }

            await Task.Delay(250, context.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), context.CancellationToken);
        instances = FunctionInstances(runner, functions, flavour);
        var rows = new List<IReadOnlyList<string>>();
        var runnerPid = runner.RunnerProcessId();
        var runnerMemory = ProcessMemory.Read(runnerPid);
        rows.Add(["the runner (gateway, bus, queues, SES, Runtime APIs)", "1", .. Columns(runnerMemory is null ? [] : [runnerMemory])]);
        var dynalite = runner.Descendants().Where(pid => ProcessMemory.CommandLine(pid).Contains("dynalite", StringComparison.Ordinal)).Select(ProcessMemory.Read).OfType<ProcessMemory>().ToList();
        rows.Add(["dynalite (node)", Figures.Number(dynalite.Count), .. Columns(dynalite)]);
        var all = new List<ProcessMemory>();
        foreach (var function in functions)
        {
            var memories = instances.GetValueOrDefault(function, []).Select(ProcessMemory.Read).OfType<ProcessMemory>().ToList();
            all.AddRange(memories);
            rows.Add([function, Figures.Number(memories.Count), .. Columns(memories)]);
        }

        var missing = functions.Where(f => !instances.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            rows.Add([$"(no instance ran: {string.Join(", ", missing)})", "0", "", "", ""]);
        }

        rows.Add(["every function instance", Figures.Number(all.Count), .. Columns(all)]);
        var total = all.Concat(dynalite).Append(runnerMemory ?? new ProcessMemory(0, 0, 0, 0)).ToList();
        rows.Add(["total", Figures.Number(total.Count), .. Columns(total)]);
        return new MemoryFigures(
            rows,
            all.Count,
            all.Count == 0 ? double.NaN : Stats.Of(all.Select(m => m.PrivateBytes / 1024.0 / 1024.0)).Median,
            all.Count == 0 ? double.NaN : Stats.Of(all.Select(m => m.ResidentBytes / 1024.0 / 1024.0)).Median);
    }

    /// <summary>RSS, PSS and private sums of processes.</summary>
    private static string[] Columns(List<ProcessMemory> memories) =>
        memories.Count == 0
            ? ["", "", ""]
            : [Figures.Mb(memories.Sum(m => m.ResidentBytes)), Figures.Mb(memories.Sum(m => m.ProportionalBytes)), Figures.Mb(memories.Sum(m => m.PrivateBytes))];

    /// <summary>The runner's function instances by function, found by their executable's path under the state's build folder.</summary>
    private static Dictionary<string, List<int>> FunctionInstances(LocalRunner runner, IReadOnlyList<string> functions, string flavour)
    {
        var found = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var pid in runner.Descendants())
        {
            var commandLine = ProcessMemory.CommandLine(pid);
            var function = functions.FirstOrDefault(f => commandLine.Contains($"/build/{flavour}/{f}/", StringComparison.Ordinal));
            if (function is not null)
            {
                (found.TryGetValue(function, out var list) ? list : found[function] = []).Add(pid);
            }
        }

        return found;
    }

    private sealed record MemoryFigures(List<IReadOnlyList<string>> Rows, int Instances, double PrivatePerInstanceMb, double ResidentPerInstanceMb);
}
