using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>One trace id from an order's HTTP request through every invocation, event and queue message it causes.</summary>
/// <remarks>
/// Runs alone: a payments batch continues the trace of its first record, as Lambda's does, so another test's order sharing the
/// batch would carry this order's payment into its own trace.
/// </remarks>
[Collection(nameof(RunsAlone))]
public sealed class TraceTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly Api _api = new(platform);
    private readonly RunnerApi _runner = new(platform);

    [Fact]
    public async Task PlaceOrder_WithTraceHeader_TraceApiAndCommandShowTheWholeChainUnderThatTraceId()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 5);
        var traceId = "1-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using var request = platform.Authorized(HttpMethod.Post, "/orders", Api.Json(OrderRequest.For(customer.Id).With(sku, 1).ToJson()));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Headers.Add("X-Amzn-Trace-Id", $"Root={traceId};Parent=53995c3f42cd8ad8;Sampled=1");

        string[] chain =
        [
            "request POST /orders", "invocation create-order", "event Order Created", "invocation order-created",
            "queue-send payments", "queue-receive payments", "invocation process-payment", "event Payment Processed",
            "invocation payment-processed", "invocation send-confirmation", "email SES SendEmail",
        ];

        // Act
        var created = await _api.SendAsync(request);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await _api.WaitForStatusAsync(orderId, "reserved");
        var byOrder = await Poll.UntilAsync(
            () => _runner.GetAsync($"/_local/api/traces/{orderId}"),
            answer => answer.Status == HttpStatusCode.OK && chain.All(Steps(answer.Json).Contains),
            Deadline,
            "the order's trace to have every step of the chain");
        var byTraceId = await _runner.GetAsync($"/_local/api/traces/{traceId}");
        var (exitCode, printed) = await RunnerProcess.RunAsync(["trace", orderId, "--port", platform.Port.ToString(CultureInfo.InvariantCulture)], Deadline);

        // Assert
        var trace = byOrder.Json;
        Assert.Equal(traceId, trace.GetProperty("traceId").GetString());
        Assert.Contains(orderId, trace.GetProperty("orderIds").EnumerateArray().Select(id => id.GetString()));
        var steps = Steps(trace);
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(201.ToString(CultureInfo.InvariantCulture), spans.First(span => span.GetProperty("kind").GetString() == "request").GetProperty("outcome").GetString());
        Assert.All(spans.Where(span => span.GetProperty("kind").GetString() == "invocation"), span => Assert.Equal("Success", span.GetProperty("outcome").GetString()));
        Assert.True(spans.Select(span => span.GetProperty("offsetMs").GetDouble()).SequenceEqual(spans.Select(span => span.GetProperty("offsetMs").GetDouble()).Order()));
        Assert.True(IndexOf(steps, "event Order Created") < IndexOf(steps, "invocation process-payment"));
        Assert.True(IndexOf(steps, "invocation process-payment") < IndexOf(steps, "event Payment Processed"));

        Assert.Equal(HttpStatusCode.OK, byTraceId.Status);
        Assert.Equal(traceId, byTraceId.Json.GetProperty("traceId").GetString());

        Assert.True(exitCode == 0, printed);
        Assert.Contains($"Trace {traceId}  order {orderId}", printed, StringComparison.Ordinal);
        foreach (var name in new[] { "create-order", "Order Created", "process-payment", "Payment Processed", "payment-processed", "send-confirmation" })
        {
            Assert.Contains(name, printed, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not%20an%20id!", HttpStatusCode.BadRequest)]
    [InlineData("ord_0000000000000000000000000000", HttpStatusCode.NotFound)]
    [InlineData("1-00000000-000000000000000000000000", HttpStatusCode.NotFound)]
    public async Task TraceApi_MalformedOrUnknownId_AnswersWithTheStatusNamingTheId(string id, HttpStatusCode expected)
    {
        var answer = await _runner.GetAsync($"/_local/api/traces/{id}");

        Assert.Equal(expected, answer.Status);
        Assert.Contains(Uri.UnescapeDataString(id), answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceCommand_UnknownOrder_FailsNamingIt()
    {
        var (exitCode, output) = await RunnerProcess.RunAsync(["trace", "ord_unknown", "--port", platform.Port.ToString(CultureInfo.InvariantCulture)], Deadline);

        Assert.True(exitCode == 1, output);
        Assert.Contains("No trace of 'ord_unknown'", output, StringComparison.Ordinal);
    }

    private static List<string> Steps(JsonElement trace) =>
        [.. trace.GetProperty("spans").EnumerateArray().Select(span => $"{span.GetProperty("kind").GetString()} {span.GetProperty("name").GetString()}")];

    private static int IndexOf(List<string> steps, string step) => steps.IndexOf(step);
}

/// <summary>The collection of tests that must not share the platform with tests running in parallel.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
