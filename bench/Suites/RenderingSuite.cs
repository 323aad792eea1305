using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Harness;
using Platform.Infra;
using Platform.Infra.Configuration;
using Platform.Infra.Definition;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 5: the infra compiler's rendering time (publishing excluded) for the real platform and for generated definitions
/// of 100 and 1,000 functions, in process; and the real platform's render as the process Pulumi runs, after the build.
/// </summary>
public sealed class RenderingSuite : ISuite
{
    private const double ProcessGoalSeconds = 2;
    private const double LinearTolerance = 1.25;

    public int Number => 5;

    public string Name => "render";

    public string Title => "Rendering the Pulumi program";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rounds = context.RoundsOr(10);
        var configuration = StackConfiguration.FromStackFile(Path.Combine(context.RepositoryRoot, "Pulumi.dev.yaml"), "dev");
        var real = PlatformDefinition.Build(configuration.Settings);
        var models = new (string Name, PlatformModel Model)[]
        {
            ("the platform", real),
            ("generated, 100 functions", Generate(real, 100)),
            (context.Smoke ? "generated, 200 functions (smoke)" : "generated, 1,000 functions", Generate(real, context.Pick(200, 1_000))),
        };

        // The first render in a fresh process pays for the JIT; the later ones are what a definition's size costs.
        var first = Stopwatch.StartNew();
        var yaml = Render(configuration, real);
        var firstRender = first.Elapsed.TotalMilliseconds;

        var inProcess = models.ToDictionary(m => m.Name, _ => new List<double>(), StringComparer.Ordinal);
        var building = models.ToDictionary(m => m.Name, _ => new List<double>(), StringComparer.Ordinal);
        var writing = models.ToDictionary(m => m.Name, _ => new List<double>(), StringComparer.Ordinal);
        var sizes = new Dictionary<string, (int Resources, int Bytes)>(StringComparer.Ordinal);
        for (var round = context.Smoke ? 1 : 0; round <= rounds; round++)
        {
            context.Say(round == 0 ? "render: warm-up round" : $"render: round {round}/{rounds}");
            foreach (var (name, model) in models)
            {
                // Otherwise the collection of the previous render's garbage (8 MB of YAML at 1,000 functions) lands in this one.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var clock = Stopwatch.StartNew();
                var program = PlatformStack.Build(configuration, model, CodePath);
                var built = clock.Elapsed.TotalMilliseconds;
                var text = program.ToYaml();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                sizes[name] = (program.Resources.Count, text.Length);
                if (round > 0)
                {
                    inProcess[name].Add(elapsed);
                    building[name].Add(built);
                    writing[name].Add(elapsed - built);
                }
            }
        }

        var processRuns = await TimeProcessesAsync(context, rounds, yaml);

        var report = new Report(Number, Title) { Rounds = rounds };
        report.Paragraph(
            "In process: `PlatformStack.Build` and `ToYaml` on the dev stack's configuration, after a warm-up render (each also timed " +
            "on its own); the " +
            "generated definitions repeat the platform's functions (routes, rules, schedules, queues) under new names. As a " +
            "process: the built compiler (`Platform.Infra.dll render --stack dev`, which Pulumi's YAML host runs as " +
            "`dotnet run --project infra`), exec to exit, publishing excluded; and `dotnet run --no-build` for the cost of " +
            "the CLI around it.");
        var perFunction = new Dictionary<string, double>(StringComparer.Ordinal);
        report.Table(
            ["Definition", "Functions", "Resources", "YAML, KB", "Render, ms", "of which Build, ms", "of which ToYaml, ms", "ms per function"],
            models.Select(m =>
            {
                var stats = Stats.Of(inProcess[m.Name]);
                perFunction[m.Name] = stats.Median / m.Model.Functions.Count;
                return (IReadOnlyList<string>)
                [
                    m.Name,
                    Figures.Number(m.Model.Functions.Count, "N0"),
                    Figures.Number(sizes[m.Name].Resources, "N0"),
                    Figures.Number(sizes[m.Name].Bytes / 1024.0, "N0"),
                    stats.Format("0.0"),
                    Stats.Of(building[m.Name]).Format("0.0"),
                    Stats.Of(writing[m.Name]).Format("0.0"),
                    Figures.Number(perFunction[m.Name], "0.000"),
                ];
            }));
        report.Table(
            ["The platform rendered as a process", "Seconds"],
            [
                ["first render inside a fresh process (JIT included)", Figures.Number(firstRender / 1000, "0.000")],
                .. processRuns.Select(p => (IReadOnlyList<string>)[p.Name, Stats.Of(p.Seconds).Format("0.00")]),
            ]);

        var growth = perFunction[models[2].Name] / perFunction[models[1].Name];
        report.Goal(
            $"linear or better: time per function with {models[2].Model.Functions.Count:N0} functions ≤ {LinearTolerance}× that with 100",
            growth <= LinearTolerance,
            $"{Figures.Number(growth, "0.00")}×");
        var direct = Stats.Of(processRuns[0].Seconds).Median;
        report.Goal(
            $"the real platform renders in under {ProcessGoalSeconds} s after the build",
            direct < ProcessGoalSeconds,
            $"{Figures.Number(direct, "0.00")} s for the compiler process, exec to exit ({Figures.Number(Stats.Of(processRuns[1].Seconds).Median, "0.00")} s through `dotnet run --no-build`)");
        report.EndGoals();
        return report;
    }

    private static string Render(StackConfiguration configuration, PlatformModel model) =>
        PlatformStack.Build(configuration, model, CodePath).ToYaml();

    private static string CodePath(FunctionDefinition function) => $"artifacts/functions/linux-x64/{function.Name}";

    private static async Task<List<(string Name, List<double> Seconds)>> TimeProcessesAsync(BenchContext context, int rounds, string expectedYaml)
    {
        var compiler = Path.Combine(AppContext.BaseDirectory, "Platform.Infra.dll");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var commands = new (string Name, string[] Arguments)[]
        {
            ("`dotnet Platform.Infra.dll render --stack dev` (the built compiler)", [compiler, "render", "--stack", "dev"]),
            ($"`dotnet run --no-build -c {configuration} --project infra -- render --stack dev`", ["run", "--no-build", "-c", configuration, "--project", "infra", "--", "render", "--stack", "dev"]),
        };
        var results = commands.Select(c => (c.Name, Seconds: new List<double>())).ToList();
        for (var round = context.Smoke ? 1 : 0; round <= Math.Max(1, rounds / 2); round++)
        {
            context.Say($"render: compiler process, round {round}");
            for (var i = 0; i < commands.Length; i++)
            {
                var clock = Stopwatch.StartNew();
                var (exitCode, output) = await Commands.RunAsync("dotnet", commands[i].Arguments, context.RepositoryRoot, TimeSpan.FromMinutes(2), context.CancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                if (exitCode != 0 || !output.Contains(expectedYaml[..Math.Min(200, expectedYaml.Length)], StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{commands[i].Name} failed ({exitCode}) or rendered another program:\n{output}");
                }

                if (round > 0)
                {
                    results[i].Seconds.Add(seconds);
                }
            }
        }

        return results;
    }

    /// <summary>
    /// A platform of <paramref name="count"/> functions: the real platform's functions repeated under new names, with their
    /// routes, rules, schedules and queues renamed so that every resource stays unique.
    /// </summary>
    public static PlatformModel Generate(PlatformModel real, int count)
    {
        ArgumentNullException.ThrowIfNull(real);

        // Functions fed by a bucket notification are left out: a bucket has one notification configuration, not hundreds.
        // The real model's other parts (table, buckets) are kept as they are.
        var templates = real.Functions.Where(f => !f.Triggers.Any(t => t is StorageTrigger)).ToList();
        var functions = new List<FunctionDefinition>(count);
        var queues = new List<QueueDefinition>();
        for (var i = 0; i < count; i++)
        {
            var template = templates[i % templates.Count];
            // The first copy keeps the real names: outputs such as paymentsQueueUrl read named resources.
            var original = i < templates.Count;
            var suffix = original ? string.Empty : "-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var name = template.Name + suffix;
            functions.Add(template with
            {
                Name = name,
                Triggers = [.. template.Triggers.Select(trigger => trigger switch
                {
                    HttpRoute route => original ? route : route with { Path = $"/g{i}{route.Path}" },
                    EventSubscription subscription => subscription with { RuleName = subscription.RuleName + suffix },
                    ScheduleTrigger schedule => schedule with { RuleName = schedule.RuleName + suffix },
                    QueueTrigger queue => queue with { QueueName = queue.QueueName + suffix },
                    _ => trigger,
                })],
            });
            foreach (var queue in template.Triggers.OfType<QueueTrigger>())
            {
                var definition = real.Queues.Single(q => q.Name == queue.QueueName);
                queues.Add(definition with
                {
                    Name = definition.Name + suffix,
                    Consumer = name,
                    FedBy = definition.FedBy with { RuleName = definition.FedBy.RuleName + suffix },
                });
            }
        }

        return real with { Functions = functions, Queues = queues };
    }
}
