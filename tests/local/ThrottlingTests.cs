using System.Net;
using System.Text.Json.Nodes;
using Platform.Local.Lambda;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>
/// More work than a function's reserved concurrency, on a platform of its own whose functions may run one instance each:
/// synchronous calls are throttled with a 429 as API Gateway answers for a throttled Lambda; queue work waits and completes.
/// </summary>
public sealed class ThrottlingTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _config = new();
    private PlatformFixture _platform = null!;

    public async ValueTask InitializeAsync()
    {
        // One instance per function, and API timeouts long enough to outlast the paused store.
        var settings = (await File.ReadAllTextAsync(Path.Combine(PlatformFixture.RepositoryRoot(), "Pulumi.dev.yaml"), TestContext.Current.CancellationToken))
            .Replace("platform:reservedConcurrency: 5", "platform:reservedConcurrency: 1", StringComparison.Ordinal)
            .Replace("platform:apiTimeoutSeconds: 10", "platform:apiTimeoutSeconds: 29", StringComparison.Ordinal);
        var configFile = Path.Combine(_config.Path, "Pulumi.throttled.yaml");
        await File.WriteAllTextAsync(configFile, settings, TestContext.Current.CancellationToken);
        _platform = new PlatformFixture(options => options with { ConfigFile = configFile });
        await _platform.InitializeAsync();
    }

    [Fact]
    public async Task Requests_BeyondReservedConcurrency_SynchronousThrottledWith429AndQueueWorkWaitsAndCompletes()
    {
        // Arrange
        var api = new Api(_platform);
        var customer = await api.CreateCustomerAsync();
        var sku = await api.CreateProductAsync(stock: 10);
        var createUser = _platform.Platform.Functions["create-user"];
        var processPayment = _platform.Platform.Functions["process-payment"];
        var created = await api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        var dynalite = _platform.DynaliteProcessId();

        // The same order's event, so that the held batch is also a duplicate delivery the payment must absorb.
        var orderCreated = _platform.Platform.Bus.Recent.First(e => e.DetailType == "Order Created" && e.EventJson.Contains(orderId, StringComparison.Ordinal)).EventJson;

        // Act
        // A paused store holds each function's one instance inside its first DynamoDB call.
        await Signals.StopAsync(dynalite);
        Task<ApiResponse> heldRequest;
        Task<InvocationResult> heldBatch;
        ApiResponse throttled;
        try
        {
            heldRequest = api.SendAsync(HttpMethod.Post, "/users", Api.Json(new JsonObject { ["email"] = $"held+{Guid.NewGuid():N}@example.com", ["name"] = "Held" }));
            heldBatch = processPayment.InvokeAsync(PaymentsBatch(orderCreated), InvocationOptions.Synchronous, TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => createUser.InstanceProcessIds.Count == 1 && processPayment.InstanceProcessIds.Count == 1, Deadline, "both functions' one instance to be busy");
            throttled = await api.SendAsync(HttpMethod.Post, "/users", Api.Json(new JsonObject { ["email"] = $"throttled+{Guid.NewGuid():N}@example.com", ["name"] = "Throttled" }));
            await Poll.UntilAsync(() => processPayment.WaitingInvocations == 1, Deadline, "the payments poller to wait for process-payment's instance");
        }
        finally
        {
            await Signals.ContinueAsync(dynalite);
        }

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(HttpStatusCode.Created, (await heldRequest).Status);
        Assert.NotEqual(InvocationStatus.Throttled, (await heldBatch).Status);
        await api.WaitForStatusAsync(orderId, "reserved");
        await Poll.UntilAsync(() => _platform.PendingWorkMentioningAsync(orderId), pending => pending.Count == 0, Deadline, $"the work about {orderId} to settle");
        Assert.Single(_platform.ChargesOf(orderId));
        Assert.DoesNotContain("Payment Failed", _platform.EventsMentioning(orderId));
        Assert.Equal(1, createUser.Stats.Throttles);
        Assert.Equal(0, processPayment.Stats.Throttles);
        Assert.Empty(_platform.FailureQueuesMentioning(orderId));
    }

    public async ValueTask DisposeAsync()
    {
        await _platform.DisposeAsync();
        _config.Dispose();
    }

    /// <summary>An SQS batch of the payments queue with <paramref name="eventJson"/> as its one record, as the poller builds it.</summary>
    private static byte[] PaymentsBatch(string eventJson)
    {
        var batch = new JsonObject
        {
            ["Records"] = new JsonArray(new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(),
                ["receiptHandle"] = "held",
                ["body"] = eventJson,
                ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
                ["messageAttributes"] = new JsonObject(),
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:us-east-1:000000000000:payments",
                ["awsRegion"] = "us-east-1",
            }),
        };
        return System.Text.Encoding.UTF8.GetBytes(batch.ToJsonString());
    }
}
