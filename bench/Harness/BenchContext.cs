using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Bench.Harness;

/// <summary>What every suite gets: where the repository is, whether this is a smoke run, and where to log.</summary>
public sealed class BenchContext
{
    public required string RepositoryRoot { get; init; }

    /// <summary>Run each measurement once, with small sizes: proves the suite builds and runs, measures nothing.</summary>
    public required bool Smoke { get; init; }

    /// <summary>The number of rounds asked for on the command line, or null for each suite's default.</summary>
    public int? Rounds { get; init; }

    public required TextWriter Log { get; init; }

    public required CancellationToken CancellationToken { get; init; }

    /// <summary>bench/obj/work: publish outputs, runner state and scratch files, kept between runs so builds are reused.</summary>
    public string WorkDirectory => Path.Combine(RepositoryRoot, "bench", "obj", "work");

    /// <summary>The rounds a suite runs: 1 in smoke mode, else the command line's count or the suite's default.</summary>
    public int RoundsOr(int defaultRounds) => Smoke ? 1 : Rounds ?? defaultRounds;

    /// <summary>A size for smoke mode or for a real run.</summary>
    public T Pick<T>(T smoke, T real) => Smoke ? smoke : real;

    public string Directory(string name)
    {
        var path = Path.Combine(WorkDirectory, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Say(string line) => Log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <summary>The line under each RESULTS.md heading: when and where the figures were taken.</summary>
    public static string Machine(int rounds) => string.Create(
        CultureInfo.InvariantCulture,
        $"_{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {RuntimeInformation.OSDescription.Trim()} · .NET {Environment.Version} · {rounds} rounds_");
}
