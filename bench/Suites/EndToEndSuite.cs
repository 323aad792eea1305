using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Bench.Harness;

namespace Platform.Bench.Suites;

/// <summary>
/// Suite 6: from <c>POST /orders</c> answering 201 to the confirmation e-mail in the runner's outbox, over 200 orders sent at
/// a steady rate through the local runner (create-order → Order Created → payments queue → process-payment → Payment
/// Processed → send-confirmation → SES → outbox).
/// </summary>
public sealed class EndToEndSuite : ISuite
{
    private const double OrdersPerSecond = 10;

    public int Number => 6;

    public string Name => "e2e";

    public string Title => "End to end: POST /orders → confirmation e-mail";

    public async Task<Report> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orders = context.Pick(3, 200);
        var launch = await RunnerSetup.PrepareAsync(context, "end to end");
        await using var runner = await RunnerSetup.StartAsync(context, launch);
        using var api = RunnerSetup.Client(runner);
        var customer = await RunnerSetup.CreateCustomerAsync(api, context.CancellationToken);
        var sku = await RunnerSetup.CreateProductAsync(api, stock: 1_000_000, context.CancellationToken);

        // One order first, untimed, so every function on the path has a warm instance, as in a developer's session.
        var warmUp = await PlaceAsync(api, customer, sku, context.CancellationToken);
        await WaitForMailsAsync(launch.StateDirectory, [warmUp.OrderId], TimeSpan.FromMinutes(2), context.CancellationToken);

        context.Say($"end to end: {orders} orders at {OrdersPerSecond} per second");
        var interval = TimeSpan.FromSeconds(1 / OrdersPerSecond);
        var started = Stopwatch.GetTimestamp();
        var placing = new List<Task<(string OrderId, DateTimeOffset Created)>>();
        for (var i = 0; i < orders; i++)
        {
            var due = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.CancellationToken);
            }

            placing.Add(PlaceAsync(api, customer, sku, context.CancellationToken));
        }

        var placed = await Task.WhenAll(placing);
        var mails = await WaitForMailsAsync(launch.StateDirectory, [.. placed.Select(p => p.OrderId)], TimeSpan.FromMinutes(5), context.CancellationToken);
        var confirmation = Stats.Of(placed.Select(p => (mails[p.OrderId].Confirmed - p.Created).TotalMilliseconds));
        var receivedSorted = placed.Where(p => mails[p.OrderId].Received is not null).Select(p => (mails[p.OrderId].Received!.Value - p.Created).TotalMilliseconds).Order().ToArray();
        var received = Stats.Of(receivedSorted);
        var sorted = placed.Select(p => (mails[p.OrderId].Confirmed - p.Created).TotalMilliseconds).Order().ToArray();

        var report = new Report(Number, Title) { Rounds = 1 };
        report.Paragraph(
            $"{orders} orders, one line each, sent at {OrdersPerSecond} per second (each on its own request, not waiting for " +
            "the previous one) through the local runner's gateway after one untimed order warmed every function. Latency: " +
            "from the 201 of `POST /orders` (client clock) to the timestamp the runner's SES endpoint gave the e-mail in the " +
            "outbox (same machine clock). The path includes the payments queue, whose event source mapping batches up to 10 " +
            "messages for at most 5 s (MaximumBatchingWindowSeconds in the definition), as on AWS.");
        report.Table(
            ["E-mail", "p50, ms", "p99, ms", "min, ms", "max, ms", "orders"],
            [
                ["confirmation (Payment Processed → send-confirmation)", Figures.Number(confirmation.Median), Figures.Number(Stats.Percentile(sorted, 0.99)), Figures.Number(confirmation.Min), Figures.Number(confirmation.Max), Figures.Number(orders)],
                ["order received (Order Created → order-created)", Figures.Number(received.Median), Figures.Number(Stats.Percentile(receivedSorted, 0.99)), Figures.Number(received.Min), Figures.Number(received.Max), Figures.Number(received.Count)],
            ]);
        report.Paragraph("No goal is set for this suite; the figures are published.");
        return report;
    }

    private static async Task<(string OrderId, DateTimeOffset Created)> PlaceAsync(HttpClient api, string customer, string sku, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = JsonContent.Create(RunnerSetup.Order(customer, sku)) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await api.SendAsync(request, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        return (await RunnerSetup.IdAsync(response, "POST /orders", cancellationToken), created);
    }

    /// <summary>Polls the outbox until every order has its confirmation; returns when each order's e-mails arrived.</summary>
    private static async Task<Dictionary<string, (DateTimeOffset Confirmed, DateTimeOffset? Received)>> WaitForMailsAsync(
        string stateDirectory, IReadOnlyList<string> orderIds, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var outbox = Path.Combine(stateDirectory, "outbox");
        var wanted = orderIds.ToHashSet(StringComparer.Ordinal);
        var confirmed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var received = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (confirmed.Count < wanted.Count)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{wanted.Count - confirmed.Count} of {wanted.Count} orders had no confirmation e-mail after {deadline}.");
            }

            foreach (var file in Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.json") : [])
            {
                if (!seen.Add(file))
                {
                    continue;
                }

                using var mail = JsonDocument.Parse(await File.ReadAllBytesAsync(file, cancellationToken));
                var subject = mail.RootElement.GetProperty("subject").GetString() ?? string.Empty;
                var timestamp = mail.RootElement.GetProperty("timestamp").GetDateTimeOffset();
                var orderId = subject.Split(' ').FirstOrDefault(w => wanted.Contains(w));
                if (orderId is null)
                {
                    continue;
                }

                if (subject.EndsWith("is confirmed", StringComparison.Ordinal))
                {
                    confirmed[orderId] = timestamp;
                }
                else if (subject.StartsWith("We received your order", StringComparison.Ordinal))
                {
                    received[orderId] = timestamp;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        return confirmed.ToDictionary(c => c.Key, c => (c.Value, received.TryGetValue(c.Key, out var r) ? r : (DateTimeOffset?)null), StringComparer.Ordinal);
    }
}
