using System.Net;
using Platform.Local.Lambda;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>
/// A function instance that dies or overruns its timeout in the middle of an event, on a platform of its own with a short worker
/// timeout: the invocation fails as on Lambda, the trigger retries it on a fresh instance and the order completes exactly once.
/// </summary>
public sealed class FunctionFaultTests : IAsyncLifetime
{
    private const int WorkerTimeoutSeconds = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _config = new();
    private PlatformFixture _platform = null!;
    private Api _api = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = (await File.ReadAllTextAsync(Path.Combine(PlatformFixture.RepositoryRoot(), "Pulumi.dev.yaml"), TestContext.Current.CancellationToken))
            .Replace("platform:workerTimeoutSeconds: 30", $"platform:workerTimeoutSeconds: {WorkerTimeoutSeconds}", StringComparison.Ordinal);
        var configFile = Path.Combine(_config.Path, "Pulumi.faults.yaml");
        await File.WriteAllTextAsync(configFile, settings, TestContext.Current.CancellationToken);
        _platform = new PlatformFixture(options => options with { ConfigFile = configFile });
        await _platform.InitializeAsync();
        _api = new Api(_platform);
    }

    [Fact]
    public async Task OrderCreated_InstanceKilledInsideItsDynamoDbCall_FailsAsExitErrorIsRetriedAndCompletesOnce()
    {
        // Arrange
        var (orderId, sku) = await PlaceOrderAsync();
        var dynalite = _platform.DynaliteProcessId();
        var handler = _platform.Platform.Functions["order-created"];
        int killed;
        long timeoutsAtFailure;

        // Act
        await Signals.StopAsync(dynalite);
        try
        {
            killed = await InsideDynamoDbCallAsync(handler);
            await Signals.KillAsync(killed);
            await Poll.UntilAsync(() => handler.Stats.Errors == 1, Deadline, "the killed invocation to fail");
            timeoutsAtFailure = handler.Stats.Timeouts;
        }
        finally
        {
            await Signals.ContinueAsync(dynalite);
        }

        // Assert
        Assert.Equal(0, timeoutsAtFailure);
        await AssertCompletedOnceAsync(orderId, sku);
        Assert.DoesNotContain(killed, handler.InstanceProcessIds);
        Assert.True(handler.Stats.Invocations >= 2, $"order-created ran {handler.Stats.Invocations} time(s)");
    }

    [Fact]
    public async Task OrderCreated_PastItsTimeout_IsKilledReportedAsTimeoutRetriedAndCompletesOnce()
    {
        // Arrange
        var (orderId, sku) = await PlaceOrderAsync();
        var dynalite = _platform.DynaliteProcessId();
        var handler = _platform.Platform.Functions["order-created"];
        int overran;

        // Act
        await Signals.StopAsync(dynalite);
        try
        {
            overran = await InsideDynamoDbCallAsync(handler);

            // A stuck process: it neither answers nor honours its deadline, so only the sandbox's timeout ends it.
            await Signals.StopAsync(overran);
        }
        finally
        {
            await Signals.ContinueAsync(dynalite);
        }

        await Poll.UntilAsync(() => handler.Stats.Timeouts >= 1, Deadline, $"order-created to time out after {WorkerTimeoutSeconds} s");
        await Poll.UntilAsync(() => !Directory.Exists($"/proc/{overran}"), Deadline, "the timed-out instance to be killed");

        // Assert
        await AssertCompletedOnceAsync(orderId, sku);
        Assert.DoesNotContain(overran, handler.InstanceProcessIds);
    }

    public async ValueTask DisposeAsync()
    {
        await _platform.DisposeAsync();
        _config.Dispose();
    }

    private async Task<(string OrderId, string Sku)> PlaceOrderAsync()
    {
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return (created.Json.GetProperty("id").GetString()!, sku);
    }

    /// <summary>Waits until an instance of <paramref name="function"/> is connected to the paused dynalite: mid-invocation, blocked.</summary>
    private async Task<int> InsideDynamoDbCallAsync(FunctionHost function)
    {
        var inside = await Poll.UntilAsync(
            () => Task.FromResult(function.InstanceProcessIds.Where(pid => Sockets.IsConnectedTo(pid, _platform.Port + 4)).ToList()),
            pids => pids.Count == 1,
            Deadline,
            $"{function.Spec.Name} to be inside a DynamoDB call");
        return inside[0];
    }

    private async Task AssertCompletedOnceAsync(string orderId, string sku)
    {
        await _api.WaitForStatusAsync(orderId, "reserved");
        string[] expected = [$"We received your order {orderId}", $"Your order {orderId} is confirmed"];
        await Poll.UntilAsync(() => Task.FromResult(_platform.SubjectsAbout(orderId)), s => expected.All(s.Contains), Deadline, $"the mails of {orderId}");
        await Poll.UntilAsync(() => _platform.PendingWorkMentioningAsync(orderId), pending => pending.Count == 0, TimeSpan.FromSeconds(60), $"the work about {orderId} to settle");
        Assert.Equal(expected.Order(StringComparer.Ordinal), _platform.SubjectsAbout(orderId).Order(StringComparer.Ordinal));
        Assert.Single(_platform.ChargesOf(orderId));
        Assert.DoesNotContain("Payment Failed", _platform.EventsMentioning(orderId));
        Assert.Equal(8, (await _platform.GetProductAsync(sku))?.Stock);
        Assert.Empty(_platform.FailureQueuesMentioning(orderId));
    }
}
