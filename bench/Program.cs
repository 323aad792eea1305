using System.Globalization;
using Platform.Bench.Harness;
using Platform.Bench.Suites;

return await Platform.Bench.BenchCommand.RunAsync(args);

namespace Platform.Bench
{
    /// <summary>The <c>dotnet run -c Release --project bench -- …</c> command line.</summary>
    internal static class BenchCommand
    {
        private const string Usage = """
            Usage: dotnet run -c Release --project bench -- <suite>... [--rounds <n>]
                   dotnet run -c Release --project bench -- [<suite>...] --smoke

            Suites (by number or name; "all" runs every one):
              1  cold-start   each function's cold start against a Native AOT hello world, and under the JIT
              2  runtime      the runtime client's warm invocation loop against a raw loop of the same HTTP calls
              3  gateway      GET /users/{id} through the local runner against bare Kestrel, concurrency 1 and 32
              4  events       PutEvents → rules → queue throughput; the rule matcher with 10, 100 and 1,000 rules
              5  render       the infra compiler: the real platform, 100 and 1,000 generated functions
              6  e2e          POST /orders → confirmation e-mail in the outbox, over 200 orders
              7  local        the local runner: time until every route answers, memory with every function warm

            Options:
              --rounds <n>   rounds per measurement instead of each suite's default
              --smoke        each suite once with small sizes (CI): proves it runs, measures nothing, writes no RESULTS.md

            A real run replaces its suites' sections of bench/RESULTS.md.
            """;

        private static readonly ISuite[] Suites =
        [
            new ColdStartSuite(),
            new RuntimeClientSuite(),
            new GatewaySuite(),
            new EventFanOutSuite(),
            new RenderingSuite(),
            new EndToEndSuite(),
            new LocalLoopSuite(),
        ];

        public static async Task<int> RunAsync(string[] args)
        {
            if (args is [BareKestrel.Command, ..])
            {
                return await BareKestrel.ServeAsync(args[1..]);
            }

            var selected = new List<ISuite>();
            var smoke = false;
            int? rounds = null;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--smoke":
                        smoke = true;
                        break;
                    case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                        rounds = n;
                        i++;
                        break;
                    case "all":
                        selected.AddRange(Suites);
                        break;
                    case "--help" or "-h":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        var suite = Suites.FirstOrDefault(s => args[i] == s.Name || args[i] == s.Number.ToString(CultureInfo.InvariantCulture));
                        if (suite is null)
                        {
                            await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'.\n\n{Usage}");
                            return 2;
                        }

                        selected.Add(suite);
                        break;
                }
            }

            if (selected.Count == 0 && !smoke)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            if (selected.Count == 0)
            {
                selected.AddRange(Suites);
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };

            var context = new BenchContext
            {
                RepositoryRoot = FindRepositoryRoot(),
                Smoke = smoke,
                Rounds = rounds,
                Log = Console.Out,
                CancellationToken = stop.Token,
            };
            return await RunSuitesAsync(context, [.. selected.Distinct().OrderBy(s => s.Number)]);
        }

        private static async Task<int> RunSuitesAsync(BenchContext context, IReadOnlyList<ISuite> suites)
        {
            var results = Path.Combine(context.RepositoryRoot, "bench", context.Smoke ? "obj/work/SMOKE.md" : "RESULTS.md");
            var failed = new List<string>();
            foreach (var suite in suites)
            {
                context.Say($"suite {suite.Number} ({suite.Name}): {suite.Title}{(context.Smoke ? " — smoke" : string.Empty)}");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    var report = await suite.RunAsync(context);
                    var markdown = report.ToMarkdown(BenchContext.Machine(report.Rounds));
                    Console.WriteLine();
                    Console.WriteLine(markdown);
                    Directory.CreateDirectory(Path.GetDirectoryName(results)!);
                    ResultsFile.Update(results, suite.Number, markdown);
                    context.Say($"suite {suite.Number} done in {clock.Elapsed.TotalSeconds:0.0} s; {report.Goals.Count(g => g.Met)} of {report.Goals.Count} goals met");
                }
                catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
                {
                    failed.Add(suite.Name);
                    await Console.Error.WriteLineAsync($"suite {suite.Number} ({suite.Name}) failed after {clock.Elapsed.TotalSeconds:0.0} s: {e}");
                }
            }

            context.Say(failed.Count == 0
                ? $"{suites.Count} suite(s) ran; results in {Path.GetRelativePath(context.RepositoryRoot, results)}"
                : $"{failed.Count} of {suites.Count} suite(s) failed: {string.Join(", ", failed)}");
            return failed.Count == 0 ? 0 : 1;
        }

        private static string FindRepositoryRoot()
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                    {
                        return directory.FullName;
                    }
                }
            }

            throw new InvalidOperationException("Platform.sln was not found above bench's output or the current directory; run from the repository.");
        }
    }
}
