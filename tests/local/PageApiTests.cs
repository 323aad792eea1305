using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Infra.Definition;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>The runner's page API under <c>/_local/api/</c>: what the page shows and the controls it drives, against the running platform.</summary>
public sealed class PageApiTests(PlatformFixture platform)
{
    private const string OrdersEdge = "route:POST /orders→function:create-order";
    private const string PaymentsEdge = "queue:payments→function:process-payment";
    private const string Schedule = "expire-orders-schedule";
    private readonly Api _api = new(platform);
    private readonly RunnerApi _runner = new(platform);

    [Fact]
    public async Task Overview_OrderPlaced_CountsInvocationsEdgeTrafficAndShowsTheMails()
    {
        // Arrange
        var before = await _runner.EdgeAsync(OrdersEdge);

        // Act
        var orderId = await PlaceOrderAndWaitForMailsAsync();
        var overview = await _runner.GetAsync("/_local/api/overview");

        // Assert
        Assert.True(overview.Status == HttpStatusCode.OK, overview.ToString());
        var functions = overview.Json.GetProperty("functions").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(platform.Platform.Model.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), functions.Keys.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "create-order", "order-created", "process-payment", "payment-processed", "send-confirmation" })
        {
            Assert.True(functions[name].GetProperty("invocations").GetInt64() >= 1, $"{name}: {functions[name]}");
            Assert.True(functions[name].GetProperty("coldStarts").GetInt64() >= 1, $"{name}: {functions[name]}");
            Assert.True(functions[name].GetProperty("p50Ms").GetDouble() > 0, $"{name}: {functions[name]}");
        }

        var edges = overview.Json.GetProperty("edges").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.True(edges[OrdersEdge].GetProperty("count").GetInt64() > before.Count, edges[OrdersEdge].ToString());
        Assert.True(edges[PaymentsEdge].GetProperty("count").GetInt64() >= 1, edges[PaymentsEdge].ToString());
        Assert.True(edges["rule:order-created-to-payments→queue:payments"].GetProperty("count").GetInt64() >= 1);

        var subjects = overview.Json.GetProperty("outbox").GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).ToList();
        Assert.Contains($"We received your order {orderId}", subjects);
        Assert.Contains($"Your order {orderId} is confirmed", subjects);
    }

    [Fact]
    public async Task Events_OrderPlaced_ListsItsEventsWithTheRulesTheyMatched()
    {
        // Arrange
        var orderId = await PlaceOrderAndWaitForMailsAsync();

        // Act
        var answer = await _runner.GetAsync("/_local/api/events?limit=1000");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var created = Assert.Single(OfOrder(answer.Json.GetProperty("events"), orderId), e => e.GetProperty("detailType").GetString() == "Order Created");
        Assert.Equal(["order-created-to-handler", "order-created-to-payments"], Rules(created).Order(StringComparer.Ordinal));
        var processed = Assert.Single(OfOrder(answer.Json.GetProperty("events"), orderId), e => e.GetProperty("detailType").GetString() == "Payment Processed");
        Assert.Contains("payment-processed-to-handler", Rules(processed));
    }

    [Fact]
    public async Task OrderActivity_OrderPlaced_ListsTheEventsAndMailsThatMentionIt()
    {
        // Arrange
        var orderId = await PlaceOrderAndWaitForMailsAsync();

        // Act
        var answer = await _runner.GetAsync($"/_local/api/orders/{orderId}/activity");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var types = answer.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("detailType").GetString()).ToList();
        Assert.Equal(["Order Created", "Payment Processed", "Inventory Updated"], types);
        var subjects = answer.Json.GetProperty("mails").EnumerateArray().Select(m => m.GetProperty("subject").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal([$"We received your order {orderId}", $"Your order {orderId} is confirmed"], subjects);
    }

    [Fact]
    public async Task Architecture_Definition_DrawsEveryRouteRuleQueueAndScheduleWithItsTarget()
    {
        // Act
        var answer = await _runner.GetAsync("/_local/api/architecture");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var nodes = answer.Json.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var edges = answer.Json.GetProperty("edges").EnumerateArray().Select(e => (From: e.GetProperty("from").GetString()!, To: e.GetProperty("to").GetString()!)).ToList();
        var expected = new List<(string From, string To)>();
        var model = platform.Platform.Model;
        foreach (var function in model.Functions)
        {
            var target = "function:" + function.Name;
            expected.AddRange(function.Triggers.OfType<HttpRoute>().Select(r => ("route:" + r.RouteKey, target)));
            expected.AddRange(function.Triggers.OfType<EventSubscription>().Select(s => ("rule:" + s.RuleName, target)));
            expected.AddRange(function.Triggers.OfType<ScheduleTrigger>().Select(s => ("schedule:" + s.RuleName, target)));
            expected.AddRange(function.Triggers.OfType<StorageTrigger>().Select(s => ("bucket:" + s.Bucket, target)));
        }

        foreach (var queue in model.Queues)
        {
            expected.Add(("rule:" + queue.FedBy.RuleName, "queue:" + queue.Name));
            expected.Add(("queue:" + queue.Name, "function:" + queue.Consumer));
        }

        Assert.Equal(expected.Order(), edges.Order());
        Assert.All(edges, edge => Assert.True(nodes.Contains(edge.From) && nodes.Contains(edge.To), $"{edge} has no box"));
        var rule = answer.Json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "rule:send-confirmation-on-payment");
        Assert.Equal("Payment Processed, Payment Failed from platform.payments", rule.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Queues_Platform_ListsQueuesAndDeadLetterQueuesWithDepthsAndSources()
    {
        // Act
        var answer = await _runner.GetAsync("/_local/api/queues");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var queues = answer.Json.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal(platform.Platform.Queues.ListQueues().Order(StringComparer.Ordinal), queues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("queue", queues["payments"].GetProperty("kind").GetString());
        Assert.Equal("dead-letter", queues["payments-dlq"].GetProperty("kind").GetString());
        Assert.Equal("queue payments", queues["payments-dlq"].GetProperty("source").GetString());
        Assert.Equal("rule order-created-to-handler → function order-created", queues["order-created-to-handler-dlq"].GetProperty("source").GetString());
        Assert.All(queues.Values, q => Assert.True(q.GetProperty("visible").GetInt32() >= 0 && q.GetProperty("sent").GetInt64() >= 0));
    }

    [Fact]
    public async Task InvokeRoute_PostOrdersWithTheDevelopmentToken_GoesThroughTheGatewayAndCounts()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 5);
        var before = await _runner.EdgeAsync(OrdersEdge);
        var request = new JsonObject
        {
            ["method"] = "POST",
            ["path"] = "/orders",
            ["headers"] = new JsonObject
            {
                ["authorization"] = "Bearer " + platform.Platform.DevelopmentToken,
                ["content-type"] = "application/json",
                ["idempotency-key"] = Guid.NewGuid().ToString("N"),
            },
            ["body"] = OrderRequest.For(customer.Id).With(sku, 1).ToJson().ToJsonString(),
        };

        // Act
        var answer = await _runner.PostAsync("/_local/api/invoke-route", request.ToJsonString());

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(201, answer.Json.GetProperty("status").GetInt32());
        Assert.StartsWith("/orders/ord_", answer.Json.GetProperty("headers").GetProperty("location").GetString(), StringComparison.Ordinal);
        using var order = JsonDocument.Parse(answer.Json.GetProperty("body").GetString()!);
        Assert.Equal(customer.Id, order.RootElement.GetProperty("customerId").GetString());
        Assert.True((await _runner.EdgeAsync(OrdersEdge)).Count > before.Count);
    }

    [Fact]
    public async Task InvokeRoute_WithoutToken_ReturnsTheGatewaysOwn401()
    {
        // Act
        var answer = await _runner.PostAsync("/_local/api/invoke-route", """{"method":"GET","path":"/orders/ord_missing"}""");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(401, answer.Json.GetProperty("status").GetInt32());
        Assert.Equal("""{"message":"Unauthorized"}""", answer.Json.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("""{"path":"/orders"}""", "method")]
    [InlineData("""{"method":"FETCH","path":"/orders"}""", "method")]
    [InlineData("""{"method":"GET"}""", "path")]
    [InlineData("""{"method":"GET","path":"orders"}""", "path")]
    [InlineData("""{"method":"GET","path":"//example.com/orders"}""", "path")]
    [InlineData("""{"method":"GET","path":"/_local/api/overview"}""", "path")]
    [InlineData("""{"method":"GET","path":"/orders","headers":["x"]}""", "headers")]
    [InlineData("""{"method":"GET","path":"/orders","headers":{"x-count":1}}""", "headers.x-count")]
    [InlineData("""{"method":"GET","path":"/orders","headers":{"bad name":"x"}}""", "headers.bad name")]
    [InlineData("""{"method":"GET","path":"/orders","headers":{"host":"example.com"}}""", "headers.host")]
    public async Task InvokeRoute_BadInput_Returns400NamingTheField(string request, string field)
    {
        // Act
        var answer = await _runner.PostAsync("/_local/api/invoke-route", request);

        // Assert
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(field, answer.Field);
    }

    [Fact]
    public async Task PutEvent_EventNoRuleMatches_IsOnTheBusWithNoRules()
    {
        // Arrange
        var marker = "page-" + Guid.NewGuid().ToString("N");

        // Act
        var answer = await _runner.PostAsync("/_local/api/put-event", $$$"""{"source":"local.page.tests","detailType":"Page Test","detail":{"marker":"{{{marker}}}"}}""");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Empty(answer.Json.GetProperty("matchedRules").EnumerateArray());
        var eventId = answer.Json.GetProperty("id").GetString();
        var onBus = Assert.Single(platform.Platform.Bus.Recent, e => e.EventJson.Contains(marker, StringComparison.Ordinal));
        Assert.Equal((eventId, "Page Test", "local.page.tests"), (onBus.EventId, onBus.DetailType, onBus.Source));
    }

    [Theory]
    [InlineData("""{"detailType":"Page Test","detail":{}}""", "source")]
    [InlineData("""{"source":" ","detailType":"Page Test","detail":{}}""", "source")]
    [InlineData("""{"source":"local.page.tests","detail":{}}""", "detailType")]
    [InlineData("""{"source":"local.page.tests","detailType":"Page Test"}""", "detail")]
    [InlineData("""{"source":"local.page.tests","detailType":"Page Test","detail":[1,2]}""", "detail")]
    [InlineData("""{"source":"local.page.tests","detailType":"Page Test","detail":"not json"}""", "detail")]
    public async Task PutEvent_BadInput_Returns400NamingTheField(string request, string field)
    {
        // Act
        var answer = await _runner.PostAsync("/_local/api/put-event", request);

        // Assert
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(field, answer.Field);
    }

    [Fact]
    public async Task FireSchedule_ExpireOrders_InvokesTheFunctionAndCountsTheEdge()
    {
        // Arrange
        var edge = "schedule:" + Schedule + "→function:expire-orders";
        var invocationsBefore = platform.Platform.Functions["expire-orders"].Stats.Invocations;
        var firedBefore = (await _runner.EdgeAsync(edge)).Count;

        // Act
        var answer = await _runner.PostAsync($"/_local/api/schedules/{Schedule}/fire");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("expire-orders", answer.Json.GetProperty("function").GetString());
        Assert.True((await _runner.EdgeAsync(edge)).Count > firedBefore);
        var stats = await Poll.UntilAsync(
            () => Task.FromResult(platform.Platform.Functions["expire-orders"].Stats),
            s => s.Invocations > invocationsBefore,
            TimeSpan.FromSeconds(60),
            "expire-orders to be invoked by the schedule fired from the page API");
        Assert.Equal(0, stats.Errors);
    }

    [Fact]
    public async Task FireSchedule_UnknownName_Returns404NamingIt()
    {
        // Act
        var answer = await _runner.PostAsync("/_local/api/schedules/no-such-schedule/fire");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
        Assert.Contains("'no-such-schedule'", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_local/api/invoke-route")]
    [InlineData("/_local/api/put-event")]
    [InlineData("/_local/api/schedules/expire-orders-schedule/fire")]
    public async Task Controls_NotJson_Return415AndDoNothing(string path)
    {
        // Arrange
        var marker = "page-" + Guid.NewGuid().ToString("N");

        // Act: what a form on another site could send without a CORS preflight.
        var answer = await _runner.PostAsync(path, $$$"""{"source":"local.page.tests","detailType":"Page Test","detail":{"marker":"{{{marker}}}"},"method":"GET","path":"/orders/{{{marker}}}"}""", "text/plain");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.UnsupportedMediaType, answer.ToString());
        Assert.Contains("application/json", answer.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(platform.Platform.Bus.Recent, e => e.EventJson.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/_local/api/events?limit=0", "limit")]
    [InlineData("/_local/api/outbox?limit=many", "limit")]
    [InlineData("/_local/api/orders/%20/activity", "orderId")]
    public async Task Reads_BadQuery_Return400NamingTheField(string path, string field)
    {
        // Act
        var answer = await _runner.GetAsync(path);

        // Assert
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(field, answer.Field);
    }

    [Theory]
    [InlineData("/_local/", "text/html", "<script src=\"page.js\"")]
    [InlineData("/_local/page.js", "text/javascript", "/_local/api/")]
    [InlineData("/_local/page.css", "text/css", ".diagram")]
    public async Task Page_Get_ServesItsFilesFromTheRunner(string path, string contentType, string content)
    {
        // Act
        var answer = await _runner.GetAsync(path);

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(contentType, answer.ContentType);
        Assert.Contains(content, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platform_Get_GivesTheDevelopmentTokenRoutesAndSchedules()
    {
        // Act
        var answer = await _runner.GetAsync("/_local/api/platform");

        // Assert
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(platform.Platform.DevelopmentToken, answer.Json.GetProperty("developmentToken").GetString());
        Assert.Equal(platform.Platform.PageUrl.ToString(), answer.Json.GetProperty("pageUrl").GetString());
        var routes = answer.Json.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("routeKey").GetString()).ToList();
        Assert.Contains("POST /orders", routes);
        Assert.Contains("GET /orders/{id}", routes);
        var schedule = Assert.Single(answer.Json.GetProperty("schedules").EnumerateArray());
        Assert.Equal((Schedule, "expire-orders"), (schedule.GetProperty("name").GetString(), schedule.GetProperty("function").GetString()));
        Assert.Contains(answer.Json.GetProperty("eventTypes").EnumerateArray(), t => t.GetProperty("detailType").GetString() == "Inventory Updated");
    }

    private async Task<string> PlaceOrderAndWaitForMailsAsync()
    {
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await _api.WaitForStatusAsync(orderId, "reserved");
        await Poll.UntilAsync(
            () => Task.FromResult(platform.SubjectsAbout(orderId)),
            s => s.Count == 2,
            TimeSpan.FromSeconds(60),
            $"the received and confirmation mails of {orderId}");
        await Poll.UntilAsync(
            () => Task.FromResult(platform.EventsMentioning(orderId)),
            types => types.Contains("Inventory Updated"),
            TimeSpan.FromSeconds(60),
            $"the Inventory Updated event of {orderId}");
        return orderId;
    }

    private static IEnumerable<JsonElement> OfOrder(JsonElement events, string orderId) =>
        events.EnumerateArray().Where(e => e.GetProperty("event").GetRawText().Contains(orderId, StringComparison.Ordinal));

    private static List<string> Rules(JsonElement matched) =>
        [.. matched.GetProperty("matchedRules").EnumerateArray().Select(rule => rule.GetString()!)];
}
