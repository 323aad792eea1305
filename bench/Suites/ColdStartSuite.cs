using System.IO.Compression;
using Platform.Bench.Harness;
using Platform.Infra.Definition;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 1: each function's cold start, from exec of the published binary to its first post on a loopback Runtime API,
/// against a Native AOT hello world doing the same round trip, and against the same function under the JIT.
/// </summary>
public sealed class ColdStartSuite : ISuite
{
    private const double FloorRatioGoal = 5;
    private const double JitRatioGoal = 10;
    private const double PeakMemoryGoalMb = 30;
    private const string Floor = "floor";

    public int Number => 1;

    public string Name => "cold-start";

    public string Title => "Cold start per function";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definitions = PlatformFunctions.All();

        // Smoke: the floor and one function, so that at most one function needs publishing.
        var measured = context.Smoke ? [.. definitions.Where(f => f.Name == "get-user")] : definitions;
        var publisher = new AotPublisher(context);
        var floor = publisher.Plan(Floor, "bench/floor/Platform.Bench.Floor.csproj", "Platform.Bench.Floor");
        var functions = measured.Select(f => (Definition: f, Binary: publisher.Plan(f.Name, PlatformFunctions.ProjectFile(context.RepositoryRoot, f), "bootstrap"))).ToList();
        await publisher.PublishAsync([floor, .. functions.Select(f => f.Binary)]);

        var eventsDirectory = Path.Combine(AppContext.BaseDirectory, "events");
        var launches = new List<(string Key, Launch Launch, byte[] Payload)>
        {
            (Key(Floor, jit: false), new Launch("floor (AOT)", floor.NativePath, [], new Dictionary<string, string>()), "{}"u8.ToArray()),
            (Key(Floor, jit: true), new Launch("floor (JIT)", "dotnet", [floor.JitAssemblyPath], new Dictionary<string, string>()), "{}"u8.ToArray()),
        };
        foreach (var (definition, binary) in functions)
        {
            var environment = PlatformFunctions.Environment(definition);
            var payload = await File.ReadAllBytesAsync(Path.Combine(eventsDirectory, PlatformFunctions.ColdStartEventFile(definition)), context.CancellationToken);
            launches.Add((Key(definition.Name, jit: false), new Launch(definition.Name + " (AOT)", binary.NativePath, [], environment), payload));
            launches.Add((Key(definition.Name, jit: true), new Launch(definition.Name + " (JIT)", "dotnet", [binary.JitAssemblyPath], environment), payload));
        }

        await using var api = await RuntimeApiStub.StartAsync(context.CancellationToken);
        var rounds = context.RoundsOr(15);
        var results = launches.ToDictionary(l => l.Key, _ => new List<ColdStartResult>(), StringComparer.Ordinal);
        var random = new Random(8);

        // One unmeasured round first, so every binary is in the page cache; then rounds in a shuffled order, so a busy
        // moment on this shared machine lands on a random variant instead of always the same one.
        for (var round = context.Smoke ? 1 : 0; round <= rounds; round++)
        {
            context.Say(round == 0 ? "cold start: warm-up round" : $"cold start: round {round}/{rounds}");
            var order = launches.ToArray();
            random.Shuffle(order);
            foreach (var (key, launch, payload) in order)
            {
                var result = await ColdStart.MeasureAsync(api, launch, payload, context.CancellationToken);
                if (round > 0)
                {
                    results[key].Add(result);
                }
            }
        }

        return Summarise(context, rounds, floor, functions, results);
    }

    private Report Summarise(
        BenchContext context,
        int rounds,
        PublishedBinary floor,
        List<(FunctionDefinition Definition, PublishedBinary Binary)> functions,
        Dictionary<string, List<ColdStartResult>> results)
    {
        var report = new Report(Number, Title) { Rounds = rounds };
        report.Paragraph(
            "From exec of the published binary to its first post on an in-process loopback Runtime API, with the function's " +
            "real initialisation (its environment as deployed, dummy credentials, AWS clients) and an event it answers without " +
            "the network (bench/events). Floor: `bench/floor`, a Native AOT hello world doing the same round trip. The ratios are " +
            "taken round by round (each function against the floor of the same round) and their median reported. Peak memory " +
            "is VmHWM after the first invocation; the package is the zip Lambda receives.");

        var floorAot = results[Key(Floor, jit: false)];
        var floorJit = results[Key(Floor, jit: true)];
        var rows = new List<IReadOnlyList<string>>
        {
            Row("floor (AOT hello world)", floorAot[0].Answer, floorAot, floorAot, floorJit, floor.NativePath),
        };
        var floorRatios = new Dictionary<string, Stats>(StringComparer.Ordinal);
        var jitRatios = new Dictionary<string, Stats>(StringComparer.Ordinal);
        var peaks = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (definition, binary) in functions)
        {
            var aot = results[Key(definition.Name, jit: false)];
            var jit = results[Key(definition.Name, jit: true)];
            rows.Add(Row(definition.Name, aot[0].Answer, aot, floorAot, jit, binary.NativePath));
            floorRatios[definition.Name] = Ratio(aot, floorAot);
            jitRatios[definition.Name] = Ratio(jit, aot);
            peaks[definition.Name] = Stats.Of(aot.Select(r => r.PeakResidentBytes / 1024.0 / 1024.0)).Median;
        }

        report.Table(
            ["Binary", "Answer", "AOT cold start, ms", "× floor", "JIT cold start, ms", "JIT ÷ AOT", "Peak RSS, MB", "bootstrap, MB", "zip, MB"],
            rows);

        var worstFloor = floorRatios.MaxBy(r => r.Value.Median);
        var worstJit = jitRatios.MinBy(r => r.Value.Median);
        var worstPeak = peaks.MaxBy(p => p.Value);
        report.Goal(
            $"each function ≤ {FloorRatioGoal}× the floor",
            worstFloor.Value.Median <= FloorRatioGoal,
            $"the slowest is {worstFloor.Key} at {Figures.Number(worstFloor.Value.Median, "0.0")}× (floor {Figures.Ms(Stats.Of(floorAot.Select(r => r.Milliseconds)).Median)} ms)");
        report.Goal(
            $"each function under the JIT ≥ {JitRatioGoal}× slower than its AOT build",
            worstJit.Value.Median >= JitRatioGoal,
            $"the smallest gap is {worstJit.Key} at {Figures.Number(worstJit.Value.Median, "0.0")}×");
        report.Goal(
            $"peak memory after the first invocation ≤ {PeakMemoryGoalMb} MB",
            worstPeak.Value <= PeakMemoryGoalMb,
            $"the largest is {worstPeak.Key} at {Figures.Number(worstPeak.Value, "0.0")} MB");
        report.EndGoals();
        report.Paragraph(
            $"For scale (the lambda-perf daily benchmark, on Lambda itself): a .NET AOT hello world inits in 60–90 ms, Go in 40–55, " +
            $"Rust in 13–18. {(context.Smoke ? "Smoke run: one round, figures not meaningful." : string.Empty)}".TrimEnd());
        return report;
    }

    private static IReadOnlyList<string> Row(string name, string answer, List<ColdStartResult> aot, List<ColdStartResult> floorAot, List<ColdStartResult> jit, string binary)
    {
        var aotMs = Stats.Of(aot.Select(r => r.Milliseconds));
        var jitMs = Stats.Of(jit.Select(r => r.Milliseconds));
        var peak = Stats.Of(aot.Select(r => r.PeakResidentBytes / 1024.0 / 1024.0));
        return
        [
            name,
            answer,
            aotMs.Format(aotMs.Median < 10 ? "0.00" : "0.0"),
            Ratio(aot, floorAot).Format("0.0"),
            jitMs.Format("0"),
            Ratio(jit, aot).Format("0"),
            Figures.Number(peak.Median, "0.0"),
            Figures.Mb(new FileInfo(binary).Length),
            Figures.Mb(ZipSize(binary)),
        ];
    }

    /// <summary>The per-round ratio of two variants measured in the same rounds.</summary>
    private static Stats Ratio(List<ColdStartResult> numerator, List<ColdStartResult> denominator) =>
        Stats.Of(numerator.Zip(denominator, (n, d) => n.Milliseconds / d.Milliseconds));

    private static long ZipSize(string binary)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntryFromFile(binary, "bootstrap", CompressionLevel.Optimal);
        }

        return buffer.Length;
    }

    private static string Key(string name, bool jit) => name + (jit ? "/jit" : "/aot");
}
