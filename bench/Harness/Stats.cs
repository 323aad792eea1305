using System.Globalization;

namespace Platform.Bench.Harness;

/// <summary>The median of a set of measurements with its spread: quartiles, extremes and count.</summary>
public sealed record Stats(double Median, double P25, double P75, double Min, double Max, int Count)
{
    public static Stats Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No measurements.", nameof(values));
        }

        return new Stats(Percentile(sorted, 0.5), Percentile(sorted, 0.25), Percentile(sorted, 0.75), sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>The <paramref name="fraction"/> quantile of sorted values, interpolated between neighbours.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 1)
        {
            return sorted[0];
        }

        var position = fraction * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>"12.3 (11.9–13.0)": the median and the interquartile range, in <paramref name="format"/>.</summary>
    public string Format(string format = "0.0") =>
        Count == 1
            ? Median.ToString(format, CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({P25.ToString(format, CultureInfo.InvariantCulture)}–{P75.ToString(format, CultureInfo.InvariantCulture)})");
}

/// <summary>Formatting helpers for the tables.</summary>
public static class Figures
{
    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Verdict(bool met) => met ? "**met**" : "**missed**";
}
