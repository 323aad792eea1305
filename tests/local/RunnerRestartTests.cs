using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Local.Email;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>The runner killed with SIGKILL and started again on the same state: nothing lost, nothing done twice, nothing left running.</summary>
public sealed partial class RunnerRestartTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(6);
    private readonly TempDirectory _state = new();
    private readonly List<RunnerProcess> _runners = [];

    [Fact]
    public async Task RunnerKilled_WhileOrderIsMidFlight_RestartCompletesItOnceWithNoOrphans()
    {
        // Arrange
        using (await BuildCache.AcquireAsync(StartDeadline))
        {
            BuildCache.CopyTo(_state.Path);
        }

        var port = FreePorts.FindBase();
        var first = await StartRunnerAsync(port, reset: true);
        using var client = CreateClient(port, first);
        var email = $"restart+{Guid.NewGuid():N}@example.com";
        var customerId = (await PostAsync(client, HttpMethod.Post, "/users", new JsonObject { ["email"] = email, ["name"] = "Restart Test" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var sku = "E2E-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        await PostAsync(client, HttpMethod.Put, "/products/" + sku, new JsonObject { ["name"] = "Restart " + sku, ["priceCents"] = 1250, ["stock"] = 10 }, null);
        var dynalite = DynaliteProcessId();

        // Act
        var order = new JsonObject
        {
            ["customerId"] = customerId,
            ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 2 }),
            ["paymentMethod"] = "pm_card_visa",
        };
        var orderId = (await PostAsync(client, HttpMethod.Post, "/orders", order, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // A paused store holds order-created inside its first DynamoDB call and the payment inside its batch: both mid-flight.
        await Signals.StopAsync(dynalite);
        var pendingEvents = Path.Combine(_state.Path, "async", "order-created");
        await Poll.UntilAsync(() => Directory.Exists(pendingEvents) && Directory.GetFiles(pendingEvents, "*.json").Length == 1, TimeSpan.FromSeconds(10), "order-created's event to be pending on disk");
        var firstRun = ProcessIds();
        await Signals.KillAsync(first.Id);
        await Poll.UntilAsync(() => ProcessIds().Count == 0, TimeSpan.FromSeconds(20), "every process of the first run to exit: " + string.Join("; ", Processes.Mentioning(_state.Path)));
        var second = await StartRunnerAsync(port, reset: false);
        using var secondClient = CreateClient(port, second);

        // Assert
        Assert.Contains(dynalite, firstRun);
        Assert.Contains("resuming 1 asynchronous event(s)", second.Output, StringComparison.Ordinal);
        await Poll.UntilAsync(() => GetStatusAsync(secondClient, orderId), s => s == "reserved", TimeSpan.FromSeconds(90), $"order {orderId} to be reserved after the restart");
        string[] expected = [$"We received your order {orderId}", $"Your order {orderId} is confirmed"];
        var subjects = await Poll.UntilAsync(
            () => Task.FromResult(SubjectsAbout(orderId)),
            s => expected.All(s.Contains),
            TimeSpan.FromSeconds(30),
            $"the received and confirmation mails of {orderId}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
        var events = await EventsMentioningAsync(secondClient, orderId);
        Assert.Single(Observations.PaymentIds(events, orderId));
        Assert.DoesNotContain(events, e => e.DetailType == "Payment Failed");
        var storedEmail = (await PostAsync(secondClient, HttpMethod.Get, "/users/" + customerId, null, HttpStatusCode.OK)).GetProperty("email").GetString();
        Assert.Equal(email, storedEmail);
        Assert.Empty(Directory.GetFiles(pendingEvents, "*.json"));
        Assert.DoesNotContain(ProcessIds(), firstRun.Contains);
    }

    public void Dispose()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }

        _state.Dispose();
    }

    private async Task<RunnerProcess> StartRunnerAsync(int port, bool reset)
    {
        List<string> arguments = ["--port", port.ToString(CultureInfo.InvariantCulture), "--state", _state.Path, "--jit"];
        if (reset)
        {
            arguments.Add("--reset");
        }

        var runner = RunnerProcess.Start(arguments);
        _runners.Add(runner);
        await Poll.UntilAsync(() => runner.Output.Contains("Ctrl+C stops everything.", StringComparison.Ordinal) || runner.HasExited, StartDeadline, "the runner to start");
        Assert.False(runner.HasExited, "The runner exited:\n" + runner.Output);
        return runner;
    }

    private static HttpClient CreateClient(int port, RunnerProcess runner)
    {
        var token = TokenLine().Match(runner.Output);
        Assert.True(token.Success, "No development token in the runner's output:\n" + runner.Output);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Groups[1].Value);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode? expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        if (path == "/orders")
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected is null ? response.IsSuccessStatusCode : response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> GetStatusAsync(HttpClient client, string orderId) =>
        (await PostAsync(client, HttpMethod.Get, "/orders/" + orderId, null, HttpStatusCode.OK)).GetProperty("status").GetString()!;

    private static async Task<List<(string DetailType, string EventJson)>> EventsMentioningAsync(HttpClient client, string text)
    {
        var events = await PostAsync(client, HttpMethod.Get, "/_local/api/events?limit=1000", null, HttpStatusCode.OK);
        return
        [
            .. events.GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("event").GetRawText().Contains(text, StringComparison.Ordinal))
                .Select(e => (e.GetProperty("detailType").GetString()!, e.GetProperty("event").GetRawText())),
        ];
    }

    private List<string> SubjectsAbout(string orderId) =>
        [.. new Outbox(Path.Combine(_state.Path, "outbox"), TimeProvider.System).List().Where(m => m.Subject.Contains(orderId, StringComparison.Ordinal)).Select(m => m.Subject)];

    private int DynaliteProcessId() =>
        ProcessEntries().Where(p => p.CommandLine.Contains("dynalite", StringComparison.Ordinal) && !p.CommandLine.StartsWith("/bin/sh", StringComparison.Ordinal)).Select(p => p.Id).Single();

    private List<int> ProcessIds() => [.. ProcessEntries().Select(p => p.Id)];

    private IEnumerable<(int Id, string CommandLine)> ProcessEntries() =>
        Processes.Mentioning(_state.Path).Select(line => line.Split(": ", 2)).Select(parts => (int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]));

    [GeneratedRegex(@"export TOKEN=(\S+)")]
    private static partial Regex TokenLine();
}
