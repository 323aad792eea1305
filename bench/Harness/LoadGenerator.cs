using System.Diagnostics;
using System.Net.Http.Headers;

namespace Platform.Bench.Harness;

/// <summary>One closed-loop load run: requests per second with the expected status, latency percentiles, other answers.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, int Expected, IReadOnlyDictionary<int, int> Other);

/// <summary>Closed-loop HTTP load: <c>concurrency</c> workers, each sending its next request when the previous one answered.</summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        Uri url, string? bearerToken, int expectedStatus, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        var latencies = new List<long>[concurrency];
        var other = new Dictionary<int, int>();
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<long>(4096);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var answered = Stopwatch.GetTimestamp();
                if ((int)response.StatusCode == expectedStatus)
                {
                    mine.Add(answered - sent);
                }
                else
                {
                    lock (other)
                    {
                        other[(int)response.StatusCode] = other.GetValueOrDefault((int)response.StatusCode) + 1;
                    }
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        if (all.Length == 0)
        {
            throw new InvalidOperationException($"No request to {url} answered {expectedStatus}; answers: {Describe(other)}.");
        }

        return new LoadResult(
            all.Length / elapsed,
            Stats.Percentile(all, 0.50),
            Stats.Percentile(all, 0.99),
            all.Length,
            other);
    }

    /// <summary>"none", or the share of answers with another status: "31% (429)".</summary>
    public static string DescribeOther(IEnumerable<LoadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        var other = list.SelectMany(r => r.Other).GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Sum(o => o.Value));
        var total = list.Sum(r => r.Expected) + other.Values.Sum();
        return other.Count == 0 ? "none" : $"{100.0 * other.Values.Sum() / total:0.#}% ({string.Join(", ", other.Keys.Order())})";
    }

    private static string Describe(Dictionary<int, int> other) =>
        other.Count == 0 ? "none" : string.Join(", ", other.OrderBy(o => o.Key).Select(o => $"{o.Value}× {o.Key}"));
}
