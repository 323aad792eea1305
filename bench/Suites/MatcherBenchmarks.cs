using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Platform.Local.EventBus;
using Platform.Local.EventBus.Internal;

namespace Platform.Bench.Suites;

/// <summary>
/// The local bus's rule matcher alone (<see cref="RuleIndex"/>): one parsed event tested against every rule of a bus,
/// with 10, 100 and 1,000 rules. Run by BenchmarkDotNet from <see cref="EventFanOutSuite"/>.
/// </summary>
/// <remarks>
/// "pinned" rules each name a source and a detail-type, as every rule of the platform does; in "mixed", one rule in ten
/// names only a detail field (a prefix on <c>detail.customerId</c>), which no source or detail-type index can narrow.
/// </remarks>
[MemoryDiagnoser]
public class MatcherBenchmarks
{
    public const int EventsPerOperation = 64;
    private const string Bus = "bench";

    private readonly JsonDocument[] _documents = new JsonDocument[EventsPerOperation];
    private readonly JsonElement[] _events = new JsonElement[EventsPerOperation];
    private RuleIndex _index = null!;

    [Params(10, 100, 1_000)]
    public int Rules { get; set; }

    [Params("pinned", "mixed")]
    public string Shape { get; set; } = "pinned";

    [GlobalSetup]
    public void Setup()
    {
        _index = new RuleIndex();
        for (var i = 0; i < Rules; i++)
        {
            var unpinned = Shape == "mixed" && i % 10 == 9;
            var pattern = unpinned
                ? $$$"""{"detail":{"customerId":[{"prefix":"usr_{{{i:D4}}}"}]}}"""
                : $$$"""{"source":["bench.service{{{i % 20}}}"],"detail-type":["Thing {{{i}}} Happened"],"detail":{"amount":[{"numeric":[">",100]}],"currency":["USD","EUR"]}}""";
            var name = "rule-" + i.ToString(CultureInfo.InvariantCulture);
            _index.Add(new Rule(Bus, name, "arn:aws:events:us-east-1:000000000000:rule/bench/" + name, EventPattern.Parse(pattern), i));
        }

        // Simple events, each aimed at one pinned rule of the set (so each matches exactly one rule).
        for (var j = 0; j < EventsPerOperation; j++)
        {
            var target = (j * 7919) % Rules;
            if (Shape == "mixed" && target % 10 == 9)
            {
                target--;
            }

            _documents[j] = JsonDocument.Parse($$$"""
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf37034677{{{j:D2}}}","detail-type":"Thing {{{target}}} Happened","source":"bench.service{{{target % 20}}}",
                 "account":"000000000000","time":"2026-11-25T10:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"customerId":"usr_x{{{j}}}","amount":250,"currency":"USD"}}
                """);
            _events[j] = _documents[j].RootElement;
        }

        var matched = _events.Sum(e => _index.Match(e).Count);
        if (matched != EventsPerOperation)
        {
            throw new InvalidOperationException($"Expected each event to match one rule; {matched} matches for {EventsPerOperation} events.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var document in _documents)
        {
            document?.Dispose();
        }
    }

    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public int Match()
    {
        var matched = 0;
        foreach (var evt in _events)
        {
            matched += _index.Match(evt).Count;
        }

        return matched;
    }
}
