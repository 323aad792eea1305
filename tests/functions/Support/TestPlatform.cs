using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Platform.Functions.CreateOrder;
using Platform.Functions.CreateUser;
using Platform.Functions.ExpireOrders;
using Platform.Functions.GetOrder;
using Platform.Functions.GetUser;
using Platform.Functions.InventoryUpdated;
using Platform.Functions.OrderCreated;
using Platform.Functions.PaymentProcessed;
using Platform.Functions.ProcessPayment;
using Platform.Functions.PutProduct;
using Platform.Functions.SendConfirmation;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Analytics;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Notifications;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Payments;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Utilities.Adapters;
using Platform.Functions.Shared.Utilities.Email;
using Platform.Functions.Shared.Utilities.EventBridge;
using Platform.Functions.UpdateUser;

namespace Platform.Tests.Functions.Support;

/// <summary>
/// The platform for one test: a fresh table on the shared dynalite, a fake AWS endpoint recording PutEvents and
/// SendEmail, and every handler composed exactly as its Program.cs does, with explicit clients instead of the environment.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Sender = "orders@shop.example.com";
    public const string Operations = "ops@shop.example.com";
    public const int LowStockThreshold = 5;

    private static readonly BasicAWSCredentials Credentials = new("AKIDFUNCTIONTESTS", "function-tests-secret");

    private TestPlatform(AmazonDynamoDBClient dynamo, FakeAwsEndpoint aws, string tableName)
    {
        Dynamo = dynamo;
        Aws = aws;
        TableName = tableName;
        EventBridge = EventBridgeClient.Create(Credentials, Region, aws.Url);
        Ses = SesV2Client.Create(Credentials, Region, aws.Url);
    }

    public AmazonDynamoDBClient Dynamo { get; }

    public FakeAwsEndpoint Aws { get; }

    public string TableName { get; }

    public string BusName { get; } = "platform-test-bus";

    public EventBridgeClient EventBridge { get; }

    public SesV2Client Ses { get; }

    /// <summary>Every log and metric line the handlers wrote.</summary>
    public StringWriter Log { get; } = new();

    public DynamoDbOrderStore Orders => new(Dynamo, TableName);

    public DynamoDbProductStore Products => new(Dynamo, TableName, TimeProvider.System);

    public DynamoDbUserStore Users => new(Dynamo, TableName, TimeProvider.System);

    public static async Task<TestPlatform> StartAsync(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        var dynamo = dynalite.CreateClient();
        var table = await dynalite.CreateTableAsync();
        var aws = await FakeAwsEndpoint.StartAsync();
        return new TestPlatform(dynamo, aws, table);
    }

    public async ValueTask DisposeAsync()
    {
        EventBridge.Dispose();
        Ses.Dispose();
        Dynamo.Dispose();
        await Aws.DisposeAsync();
    }

    /// <summary>A context for one invocation, with a fresh request id, a 30 s deadline and the test's cancellation.</summary>
    public LambdaContext Context(string functionName = "test-function") => new(
        Guid.NewGuid().ToString(),
        DateTimeOffset.UtcNow.AddSeconds(30),
        new JsonLogger(Log, TimeProvider.System, LogLevel.Debug),
        new EmfMetrics(Log, TimeProvider.System, "FunctionTests", functionName),
        TimeProvider.System,
        TestContext.Current.CancellationToken)
    {
        FunctionName = functionName,
    };

    // Each factory mirrors the init lambda of the function's Program.cs.
    public CreateUserHandler CreateUserHandler() =>
        new(new UserService(Users, new RandomIdGenerator(TimeProvider.System), TimeProvider.System));

    public GetUserHandler GetUserHandler() =>
        new(new UserService(Users, new RandomIdGenerator(TimeProvider.System), TimeProvider.System));

    public UpdateUserHandler UpdateUserHandler() =>
        new(new UserService(Users, new RandomIdGenerator(TimeProvider.System), TimeProvider.System));

    public CreateOrderHandler CreateOrderHandler() => new(new OrderService(
        Orders,
        Products,
        Users,
        new DynamoDbIdempotencyStore(Dynamo, TableName, TimeProvider.System),
        new EventBridgePublisher(EventBridge, BusName),
        new RandomIdGenerator(TimeProvider.System),
        TimeProvider.System));

    public GetOrderHandler GetOrderHandler() => new(Orders);

    public ExpireOrdersHandler ExpireOrdersHandler(TimeSpan maximumAge, int batchSize = 100) =>
        new(new OrderExpiryService(Orders, TimeProvider.System), maximumAge, batchSize);

    public ProcessPaymentHandler ProcessPaymentHandler() =>
        new(new PaymentService(Orders, new PaymentSimulator(), new EventBridgePublisher(EventBridge, BusName), TimeProvider.System));

    public SendConfirmationHandler SendConfirmationHandler() => new(Notifications());

    public OrderCreatedHandler OrderCreatedHandler() =>
        new(new AnalyticsService(new DynamoDbAnalyticsStore(Dynamo, TableName)), Notifications());

    public PaymentProcessedHandler PaymentProcessedHandler() => new(Inventory());

    public InventoryUpdatedHandler InventoryUpdatedHandler() =>
        new(new StockAlertService(Products, new SesEmailSender(Ses, Sender), Operations, LowStockThreshold));

    public PutProductHandler PutProductHandler() => new(Inventory());

    /// <summary>Creates a user through create-user and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email = "ada@example.com", string name = "Ada Lovelace")
    {
        var response = await CreateUserHandler().HandleAsync(Requests.CreateUser(email, name).Build(), Context("create-user"));
        Assert.Equal(201, response.StatusCode);
        return Responses.Json(response).GetProperty("id").GetString()!;
    }

    /// <summary>Stocks a product through put-product.</summary>
    public async Task PutProductAsync(string sku, long priceCents, int stock, string name = "Widget")
    {
        var response = await PutProductHandler().HandleAsync(Requests.PutProduct(sku, name, priceCents, stock).Build(), Context("put-product"));
        Assert.Equal(200, response.StatusCode);
    }

    /// <summary>Places an order through create-order and returns its id.</summary>
    public async Task<string> CreateOrderAsync(string customerId, string paymentMethod, params (string Sku, int Quantity)[] items)
    {
        var response = await CreateOrderHandler().HandleAsync(Requests.CreateOrder(customerId, paymentMethod, items).Build(), Context("create-order"));
        Assert.Equal(201, response.StatusCode);
        return Responses.Json(response).GetProperty("id").GetString()!;
    }

    /// <summary>How many items of a type (<c>entity</c> attribute: Order, User, Product…) the table holds.</summary>
    public async Task<int> CountAsync(string entity)
    {
        var count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = TableName,
                    FilterExpression = "#entity = :entity",
                    ExpressionAttributeNames = new() { ["#entity"] = "entity" },
                    ExpressionAttributeValues = new() { [":entity"] = new AttributeValue { S = entity } },
                    ExclusiveStartKey = start,
                    ConsistentRead = true,
                },
                TestContext.Current.CancellationToken);
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return count;
    }

    public async Task<Order> OrderAsync(string id) =>
        await Orders.GetAsync(id, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"No order {id}.");

    public async Task<int> StockAsync(string sku) =>
        (await Products.GetAsync(sku, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"No product {sku}.")).Stock;

    private NotificationService Notifications() =>
        new(Users, new SesEmailSender(Ses, Sender), new DynamoDbEmailLedger(Dynamo, TableName, TimeProvider.System));

    private InventoryService Inventory() =>
        new(Orders, Products, new EventBridgePublisher(EventBridge, BusName), TimeProvider.System);
}

/// <summary>Reads HTTP API responses.</summary>
public static class Responses
{
    public static JsonElement Json(HttpApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/json", response.Headers?["content-type"]);
        return JsonDocument.Parse(response.Body!).RootElement;
    }

    public static string ErrorCode(HttpApiResponse response) => Json(response).GetProperty("error").GetProperty("code").GetString()!;

    /// <summary>The per-field errors of an error response, field → message.</summary>
    public static IReadOnlyDictionary<string, string> FieldErrors(HttpApiResponse response)
    {
        var error = Json(response).GetProperty("error");
        return error.TryGetProperty("fields", out var fields)
            ? fields.EnumerateArray()
                .GroupBy(f => f.GetProperty("field").GetString()!, f => f.GetProperty("message").GetString()!)
                .ToDictionary(g => g.Key, g => string.Join("; ", g))
            : new Dictionary<string, string>();
    }

    public static string? Header(HttpApiResponse response, string name) =>
        response.Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;
}
