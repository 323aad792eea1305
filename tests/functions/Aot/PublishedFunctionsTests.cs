using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Aot;

/// <summary>
/// The deployable artefacts: every function published with Native AOT, then run as a real process against a loopback
/// Lambda Runtime API, with dynalite for DynamoDB and the fake endpoint for EventBridge and SES, configured only by
/// environment variables as Lambda configures it.
/// </summary>
[Collection(PublishedFunctionsGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PublishedFunctionsTests(PublishedFunctionsFixture published, DynaliteFixture dynalite) : IAsyncLifetime
{
    private const string AccessKeyId = "AKIDPUBLISHEDTESTS";

    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public void Publish_EveryFunction_SucceedsWithoutWarnings()
    {
        Assert.True(published.ExitCode == 0, $"Publishing failed ({published.ExitCode}):\n{published.BuildOutput}");
        Assert.DoesNotContain("warning", published.BuildOutput, StringComparison.OrdinalIgnoreCase);
        TestContext.Current.SendDiagnosticMessage($"Published {PublishedFunctionsFixture.Projects.Count} functions in {published.Elapsed}.");
    }

    [Theory]
    [MemberData(nameof(PublishedFunctionsFixture.FunctionNames), MemberType = typeof(PublishedFunctionsFixture))]
    public void Publish_Function_ProducesBootstrapElfExecutable(string function)
    {
        var bootstrap = published.Bootstrap(function);

        Assert.True(File.Exists(bootstrap), $"{bootstrap} is missing:\n{published.BuildOutput}");
        var header = new byte[4];
        using (var file = File.OpenRead(bootstrap))
        {
            file.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
        Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute), $"{bootstrap} is not executable.");
    }

    [Fact]
    public void Publish_EveryFunction_ShipsTheBootstrapAlone()
    {
        // functions/Directory.Build.props: "The deployment package is the bootstrap binary alone: no symbols or XML docs beside it."
        var extras = PublishedFunctionsFixture.Projects.Keys
            .SelectMany(function => Directory.GetFiles(published.PublishDirectory(function))
                .Select(Path.GetFileName)
                .Where(file => file != "bootstrap")
                .Select(file => $"{function}/{file}"))
            .ToList();

        Assert.Empty(extras);
    }

    [Theory]
    [MemberData(nameof(PublishedFunctionsFixture.FunctionNames), MemberType = typeof(PublishedFunctionsFixture))]
    public async Task Start_WithoutTableName_PostsInitErrorNamingItAndExitsNonZero(string function)
    {
        var environment = EnvironmentFor(function);
        environment.Remove("TABLE_NAME");
        await using var process = await FunctionProcess.StartAsync(published.Bootstrap(function), environment);

        var error = await process.InitErrorAsync();
        var exitCode = await process.WaitForExitAsync();

        Assert.Equal("Runtime.ConfigInvalid", error.ErrorType);
        Assert.Contains("TABLE_NAME", error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, exitCode);
    }

    [Theory]
    [InlineData("expire-orders", "PENDING_ORDER_MAX_AGE_MINUTES", "soon")]
    [InlineData("expire-orders", "PENDING_ORDER_MAX_AGE_MINUTES", "0")]
    [InlineData("expire-orders", "PENDING_ORDER_MAX_AGE_MINUTES", "-30")]
    [InlineData("expire-orders", "EXPIRY_BATCH_SIZE", "0")]
    [InlineData("inventory-updated", "LOW_STOCK_THRESHOLD", "-1")]
    [InlineData("process-payment", "PAYMENT_PROVIDER", "stripe")]
    public async Task Start_InvalidSetting_PostsInitErrorNamingIt(string function, string variable, string value)
    {
        var environment = EnvironmentFor(function);
        environment[variable] = value;
        await using var process = await FunctionProcess.StartAsync(published.Bootstrap(function), environment);

        var error = await process.InitErrorAsync();

        Assert.Equal("Runtime.ConfigInvalid", error.ErrorType);
        Assert.Contains(variable, error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task CreateUser_PublishedBinary_Returns201AndLogsNoPersonalData()
    {
        await using var process = await StartAsync("create-user");

        var response = Http(await process.InvokeAsync(Requests.CreateUser("hedy@example.com", "Hedy Lamarr").ToUtf8Json()));

        Assert.Equal(201, response.Status);
        var id = response.Body.GetProperty("id").GetString()!;
        Assert.Equal("/users/" + id, response.Headers.GetProperty("location").GetString());
        Assert.Equal("Hedy Lamarr", (await platform.Users.GetAsync(id, TestContext.Current.CancellationToken))!.Name);
        Assert.DoesNotContain("hedy@example.com", process.Output, StringComparison.OrdinalIgnoreCase);
        Assert.All(NonEmptyLines(process.Output), line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task GetUser_PublishedBinaryForExistingUser_Returns200()
    {
        var id = await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");
        await using var process = await StartAsync("get-user");

        var response = Http(await process.InvokeAsync(Requests.GetUser(id).ToUtf8Json()));

        Assert.Equal(200, response.Status);
        Assert.Equal(id, response.Body.GetProperty("id").GetString());
        Assert.Equal("application/json", response.Headers.GetProperty("content-type").GetString());
    }

    [Fact]
    public async Task GetUser_PublishedBinaryTwoInvocations_ServesBothFromOneProcess()
    {
        var id = await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");
        await using var process = await StartAsync("get-user");

        var found = Http(await process.InvokeAsync(Requests.GetUser(id).ToUtf8Json()));
        var missing = Http(await process.InvokeAsync(Requests.GetUser("usr_0000000000000000000000000000000").ToUtf8Json()));

        Assert.Equal((200, 404), (found.Status, missing.Status));
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task UpdateUser_PublishedBinary_Returns200()
    {
        var id = await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");
        await using var process = await StartAsync("update-user");

        var response = Http(await process.InvokeAsync(Requests.UpdateUser(id, new JsonObject { ["name"] = "Ada King" }).ToUtf8Json()));

        Assert.Equal(200, response.Status);
        Assert.Equal("Ada King", response.Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task PutProduct_PublishedBinary_Returns200AndPublishesSignedRestock()
    {
        await using var process = await StartAsync("put-product");

        var response = Http(await process.InvokeAsync(Requests.PutProduct("WIDGET-1", "Widget", 1250, 40).ToUtf8Json()));

        Assert.Equal(200, response.Status);
        Assert.Equal(40, await platform.StockAsync("WIDGET-1"));
        var restock = Assert.Single(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType));
        Assert.Equal(platform.BusName, restock.EventBusName);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", restock.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrder_PublishedBinary_Returns201AndPublishesOrderCreated()
    {
        var customer = await platform.CreateUserAsync();
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 10);
        await using var process = await StartAsync("create-order");

        var response = Http(await process.InvokeAsync(
            Requests.CreateOrder(customer, "pm_card_visa", ("WIDGET-1", 2)).WithIdempotencyKey("aot-1").ToUtf8Json()));

        Assert.Equal(201, response.Status);
        var orderId = response.Body.GetProperty("id").GetString()!;
        Assert.Equal("/orders/" + orderId, response.Headers.GetProperty("location").GetString());
        var created = Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType));
        Assert.Equal(orderId, created.DetailString("orderId"));
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", created.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrder_PublishedBinaryBadBody_Returns400WithFieldErrors()
    {
        await using var process = await StartAsync("create-order");

        var response = Http(await process.InvokeAsync(
            Requests.CreateOrder("usr_0000000000000000000000000000000", "pm_card_visa", ("WIDGET-1", -1)).ToUtf8Json()));

        Assert.Equal(400, response.Status);
        Assert.Equal("items[0].quantity", response.Body.GetProperty("error").GetProperty("fields")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task GetOrder_PublishedBinary_Returns200()
    {
        var customer = await platform.CreateUserAsync();
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 10);
        var orderId = await platform.CreateOrderAsync(customer, "pm_card_visa", ("WIDGET-1", 1));
        await using var process = await StartAsync("get-order");

        var response = Http(await process.InvokeAsync(Requests.GetOrder(orderId).ToUtf8Json()));

        Assert.Equal(200, response.Status);
        Assert.Equal("pending", response.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ProcessPayment_PublishedBinaryBatchWithPoisonMessage_ReportsOnlyThePoisonMessage()
    {
        var orderCreated = await PendingOrderAsync();
        var batch = SqsBatchBuilder.Payments()
            .WithEvent(orderCreated.Event, messageId: "good")
            .WithMessage("{not json", messageId: "poison");
        await using var process = await StartAsync("process-payment");

        var post = await process.InvokeAsync(batch.ToUtf8Json());

        Assert.False(post.IsError, post.Text + process.Output);
        var failures = post.Json.GetProperty("batchItemFailures");
        Assert.Equal("poison", Assert.Single(failures.EnumerateArray()).GetProperty("itemIdentifier").GetString());
        Assert.Equal(OrderStatus.Paid, (await platform.OrderAsync(orderCreated.OrderId)).Status);
        Assert.Single(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType));
    }

    [Fact]
    public async Task OrderCreated_PublishedBinary_SendsOrderReceivedEmail()
    {
        var orderCreated = await PendingOrderAsync();
        await using var process = await StartAsync("order-created");

        var post = await process.InvokeAsync(orderCreated.Event.ToUtf8Json());

        Assert.Equal("handled", Outcome(post, process));
        var email = Assert.Single(platform.Aws.Emails);
        Assert.Equal(TestPlatform.Sender, email.From);
        Assert.Equal($"We received your order {orderCreated.OrderId}", email.Subject);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", email.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaymentProcessed_PublishedBinary_ReservesStock()
    {
        var paid = await PaidOrderAsync();
        await using var process = await StartAsync("payment-processed");

        var post = await process.InvokeAsync(paid.Event.ToUtf8Json());

        Assert.Equal("reserved", Outcome(post, process));
        Assert.Equal(OrderStatus.Reserved, (await platform.OrderAsync(paid.OrderId)).Status);
        Assert.Equal(8, await platform.StockAsync("WIDGET-1"));
    }

    [Fact]
    public async Task PaymentProcessed_PublishedBinaryContractViolation_PostsInvocationError()
    {
        await using var process = await StartAsync("payment-processed");

        var post = await process.InvokeAsync(EventBuilder.PaymentProcessed().WithDetailField("currency", "EUR").ToUtf8Json());

        Assert.True(post.IsError);
        Assert.Equal("Function.Unhandled", post.ErrorType);
        Assert.Equal("ContractViolationException", post.Json.GetProperty("errorType").GetString());
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task SendConfirmation_PublishedBinary_SendsConfirmation()
    {
        var paid = await PaidOrderAsync();
        await using var process = await StartAsync("send-confirmation");

        var post = await process.InvokeAsync(paid.Event.ToUtf8Json());

        Assert.Equal("sent", Outcome(post, process));
        Assert.Equal($"Your order {paid.OrderId} is confirmed", Assert.Single(platform.Aws.Emails).Subject);
    }

    [Fact]
    public async Task InventoryUpdated_PublishedBinaryStockBelowThreshold_AlertsOperations()
    {
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: TestPlatform.LowStockThreshold - 1);
        var restock = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType)));
        await using var process = await StartAsync("inventory-updated");

        var post = await process.InvokeAsync(restock.ToUtf8Json());

        Assert.Equal("alerted WIDGET-1", Outcome(post, process));
        Assert.Equal(TestPlatform.Operations, Assert.Single(Assert.Single(platform.Aws.Emails).To));
    }

    [Fact]
    public async Task ExpireOrders_PublishedBinaryScheduledEvent_ExpiresStaleOrder()
    {
        var stale = new Order(
            "ord_0000000000000000000000000000001",
            "usr_0000000000000000000000000000000",
            [new OrderLine("WIDGET-1", 1, 1250)],
            1250,
            "USD",
            "pm_card_visa",
            OrderStatus.Pending,
            DateTimeOffset.UtcNow.AddHours(-2),
            DateTimeOffset.UtcNow.AddHours(-2));
        await platform.Orders.CreateAsync(stale, TestContext.Current.CancellationToken);
        await using var process = await StartAsync("expire-orders");

        var post = await process.InvokeAsync(EventBuilder.Scheduled().WithTime(DateTimeOffset.UtcNow).ToUtf8Json());

        Assert.Equal("expired 1", Outcome(post, process));
        Assert.Equal(OrderStatus.Expired, (await platform.OrderAsync(stale.Id)).Status);
    }

    private Task<FunctionProcess> StartAsync(string function) =>
        FunctionProcess.StartAsync(published.Bootstrap(function), EnvironmentFor(function));

    /// <summary>What Lambda and the infrastructure program set for the function: the runtime's variables and its own settings.</summary>
    private Dictionary<string, string> EnvironmentFor(string function)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = function,
            ["AWS_REGION"] = TestPlatform.Region,
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = "published-tests-secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.ServiceUrl.ToString(),
            ["AWS_ENDPOINT_URL"] = platform.Aws.Url.ToString(),
            ["TABLE_NAME"] = platform.TableName,
        };
        (string Name, string Value)[] settings = function switch
        {
            "create-order" or "process-payment" or "payment-processed" or "put-product" => [("EVENT_BUS_NAME", platform.BusName)],
            "order-created" or "send-confirmation" => [("EMAIL_SENDER", TestPlatform.Sender)],
            "inventory-updated" =>
            [
                ("EMAIL_SENDER", TestPlatform.Sender),
                ("OPERATIONS_EMAIL", TestPlatform.Operations),
                ("LOW_STOCK_THRESHOLD", TestPlatform.LowStockThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            "expire-orders" => [("PENDING_ORDER_MAX_AGE_MINUTES", "60")],
            _ => [],
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>A pending order placed in-process, and its Order Created as EventBridge delivers it.</summary>
    private async Task<(string OrderId, EventBuilder Event)> PendingOrderAsync()
    {
        var customer = await platform.CreateUserAsync();
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 10);
        var orderId = await platform.CreateOrderAsync(customer, "pm_card_visa", ("WIDGET-1", 2));
        return (orderId, EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType))));
    }

    /// <summary>A paid order (charged in-process), and its Payment Processed as EventBridge delivers it.</summary>
    private async Task<(string OrderId, EventBuilder Event)> PaidOrderAsync()
    {
        var pending = await PendingOrderAsync();
        var payment = await platform.ProcessPaymentHandler().HandleAsync(SqsBatchBuilder.Payments().WithEvent(pending.Event).Build(), platform.Context());
        Assert.Empty(payment.BatchItemFailures);
        return (pending.OrderId, EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType))));
    }

    private static (int Status, JsonElement Headers, JsonElement Body) Http(RuntimePost post)
    {
        Assert.False(post.IsError, post.Text);
        var response = post.Json;
        return (
            response.GetProperty("statusCode").GetInt32(),
            response.GetProperty("headers"),
            JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement);
    }

    private static string? Outcome(RuntimePost post, FunctionProcess process)
    {
        Assert.False(post.IsError, post.Text + "\n" + process.Output);
        return post.Json.GetProperty("outcome").GetString();
    }

    private static string[] NonEmptyLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
