using Platform.Bench.Harness;

namespace Platform.Bench.Suites;

/// <summary>One numbered benchmark suite of issue 8.</summary>
public interface ISuite
{
    int Number { get; }

    /// <summary>The short name accepted on the command line besides the number (cold-start, runtime…).</summary>
    string Name { get; }

    string Title { get; }

    /// <summary>Runs the suite; the report says what was measured, against which floor, and whether each goal was met.</summary>
    Task<Report> RunAsync(BenchContext context);
}
