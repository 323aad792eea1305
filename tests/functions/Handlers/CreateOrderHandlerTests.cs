using System.Text.Json.Nodes;
using Platform.Functions.CreateOrder;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class CreateOrderHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private const string UnknownUserId = "usr_0000000000000000000000000000000";

    private TestPlatform platform = null!;
    private string customerId = null!;

    public async ValueTask InitializeAsync()
    {
        platform = await TestPlatform.StartAsync(dynalite);
        customerId = await platform.CreateUserAsync();
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 40);
        await platform.PutProductAsync("GADGET-7", priceCents: 500, stock: 10);
    }

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ValidOrder_Returns201WithLocationAndPendingOrder()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2), ("GADGET-7", 1)).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(201, response.StatusCode);
        var order = Responses.Json(response);
        var id = order.GetProperty("id").GetString()!;
        Assert.Matches(Patterns.OrderId(), id);
        Assert.Equal("/orders/" + id, Responses.Header(response, "location"));
        Assert.Null(Responses.Header(response, "idempotent-replayed"));
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal(3000, order.GetProperty("totalCents").GetInt64());
        Assert.Equal("USD", order.GetProperty("currency").GetString());
        Assert.Equal(2500, order.GetProperty("items")[0].GetProperty("lineTotalCents").GetInt64());
        Assert.Equal(OrderStatus.Pending, (await platform.OrderAsync(id)).Status);
    }

    [Fact]
    public async Task HandleAsync_ValidOrder_PublishesOneOrderCreatedThatMeetsItsContract()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2)).Build();

        var response = await InvokeAsync(request);

        var published = Assert.Single(platform.Aws.EventsOf("Order Created"));
        Assert.Equal(platform.BusName, published.EventBusName);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFUNCTIONTESTS/", published.Authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/events/aws4_request", published.Authorization, StringComparison.Ordinal);
        var detail = EventReaders.OrderCreated(published.Source, published.DetailType, published.DetailJson);
        Assert.Equal(Responses.Json(response).GetProperty("id").GetString(), detail.OrderId);
        Assert.Equal(customerId, detail.CustomerId);
        Assert.Equal(2500, detail.TotalCents);
        Assert.Empty(platform.Aws.Unexpected);
    }

    [Fact]
    public async Task HandleAsync_MalformedJson_Returns400NamingTheBody()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithBody("""{"customerId": "usr_1", "items": [""").Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("validation_failed", Responses.ErrorCode(response));
        Assert.Equal("is not valid JSON", Responses.FieldErrors(response)["body"]);
        await AssertNothingCreatedAsync();
    }

    [Theory]
    [InlineData("[]", "body", "must be a JSON object")]
    [InlineData("null", "body", "must be a JSON object")]
    [InlineData("""{"customerId": 42, "items": [{"sku": "WIDGET-1", "quantity": 1}], "paymentMethod": "pm_card_visa"}""", "customerId", "must be a string")]
    [InlineData("""{"customerId": "CUSTOMER", "items": [{"sku": "WIDGET-1", "quantity": 1}], "paymentMethod": "pm_card_visa"}""", "customerId", "must be a user id (usr_…)")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": {"sku": "WIDGET-1"}, "paymentMethod": "pm_card_visa"}""", "items", "must be an array")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [], "paymentMethod": "pm_card_visa"}""", "items", "must have 1 to 50 items")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": "2"}], "paymentMethod": "pm_card_visa"}""", "items[0].quantity", "must be a whole number")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1.5}], "paymentMethod": "pm_card_visa"}""", "items[0].quantity", "must be a whole number")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": -3}], "paymentMethod": "pm_card_visa"}""", "items[0].quantity", "must be between 1 and 100")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 0}], "paymentMethod": "pm_card_visa"}""", "items[0].quantity", "must be between 1 and 100")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 101}], "paymentMethod": "pm_card_visa"}""", "items[0].quantity", "must be between 1 and 100")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1}], "paymentMethod": "pm_card_visa", "discount": 100}""", "discount", "is not a known field")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1, "unitPriceCents": 1}], "paymentMethod": "pm_card_visa"}""", "items[0].unitPriceCents", "is not a known field")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1}], "paymentMethod": "visa"}""", "paymentMethod", "must be a payment method token (pm_…)")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1}]}""", "paymentMethod", "is required")]
    [InlineData("""{"customerId": "usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", "items": [{"sku": "WIDGET-1", "quantity": 1}, {"sku": "WIDGET-1", "quantity": 2}], "paymentMethod": "pm_card_visa"}""", "items[1].sku", "appears more than once; combine the quantities")]
    public async Task HandleAsync_InvalidField_Returns400NamingTheField(string body, string field, string message)
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithBody(body).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("validation_failed", Responses.ErrorCode(response));
        Assert.Equal(message, Responses.FieldErrors(response)[field]);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_SeveralBadFields_Returns400ListingEachOfThem()
    {
        var body = new JsonObject
        {
            ["customerId"] = true,
            ["items"] = new JsonArray(new JsonObject { ["sku"] = "widget 1", ["quantity"] = -1 }, new JsonObject { ["sku"] = "GADGET-7", ["qty"] = 1 }),
            ["paymentMethod"] = "pm_card_visa",
            ["note"] = "leave at the door",
        };
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBody(body).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        var errors = Responses.FieldErrors(response);
        Assert.Equal(
            ["customerId", "items[0].quantity", "items[0].sku", "items[1].qty", "items[1].quantity", "note"],
            errors.Keys.Order(StringComparer.Ordinal));
        await AssertNothingCreatedAsync();
    }

    [Theory]
    [InlineData("WIDGET-✓")]
    [InlineData("WIDGЕT-1")] // The E is Cyrillic: a look-alike must not reach the catalogue.
    [InlineData("widget-1")]
    public async Task HandleAsync_NonAsciiOrLowerCaseSku_Returns400ForThatItem(string sku)
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("GADGET-7", 1), (sku, 1)).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("must be upper-case letters, digits and dashes", Assert.Single(Responses.FieldErrors(response)).Value);
        Assert.Equal("items[1].sku", Assert.Single(Responses.FieldErrors(response)).Key);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_ControlCharacterInField_Returns400()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1))
            .WithBody("{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"WIDGET-1\",\"quantity\":1}],\"paymentMethod\":\"pm_card\\u0000visa\"}")
            .Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("must not contain control characters", Responses.FieldErrors(response)["paymentMethod"]);
    }

    [Fact]
    public async Task HandleAsync_UnicodeEscapedAsciiBody_IsReadLikeThePlainBody()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa")
            .WithBody("{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"\\u0057IDGET-1\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}")
            .Build();

        var response = await InvokeAsync(request);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("WIDGET-1", Responses.Json(response).GetProperty("items")[0].GetProperty("sku").GetString());
    }

    [Fact]
    public async Task HandleAsync_UnknownCustomer_Returns400ForCustomerIdAndCreatesNothing()
    {
        var request = Requests.CreateOrder(UnknownUserId, "pm_card_visa", ("WIDGET-1", 1)).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("no customer has this id", Responses.FieldErrors(response)["customerId"]);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_UnknownSku_Returns400ForThatItemAndCreatesNothing()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1), ("NOPE-404", 1)).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        var error = Assert.Single(Responses.FieldErrors(response));
        Assert.Equal(("items[1].sku", "no product has this SKU"), (error.Key, error.Value));
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_BodyOverTheLimit_Returns413()
    {
        var body = Requests.OrderBody(customerId, "pm_card_visa", ("WIDGET-1", 1));
        body["padding"] = new string('x', RequestReaders.MaxBodyBytes);
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBody(body).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("payload_too_large", Responses.ErrorCode(response));
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_MultiByteBodyOverTheLimitInBytesOnly_Returns413()
    {
        // Fewer characters than the limit, more UTF-8 bytes: the limit is on bytes.
        var body = Requests.OrderBody(customerId, "pm_card_visa", ("WIDGET-1", 1));
        body["padding"] = new string('€', (RequestReaders.MaxBodyBytes / 3) + 10);
        var text = body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(text.Length < RequestReaders.MaxBodyBytes);
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBody(text).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(413, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_Base64BodyOverTheLimit_Returns413()
    {
        var body = Requests.OrderBody(customerId, "pm_card_visa", ("WIDGET-1", 1));
        body["padding"] = new string('x', RequestReaders.MaxBodyBytes);
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBase64Body(body.ToJsonString()).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(413, response.StatusCode);
        await AssertNothingCreatedAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task HandleAsync_WrongContentType_Returns415(string contentType)
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithHeader("Content-Type", contentType).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(415, response.StatusCode);
        Assert.Equal("unsupported_media_type", Responses.ErrorCode(response));
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_NoContentType_Returns415()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithoutHeader("content-type").Build();

        var response = await InvokeAsync(request);

        Assert.Equal(415, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_JsonWithUtf8Charset_Returns201()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithHeader("Content-Type", "Application/JSON; charset=UTF-8").Build();

        var response = await InvokeAsync(request);

        Assert.Equal(201, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_Base64EncodedBody_Returns201()
    {
        var body = Requests.OrderBody(customerId, "pm_card_visa", ("WIDGET-1", 3)).ToJsonString();
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBase64Body(body).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(3750, Responses.Json(response).GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task HandleAsync_InvalidBase64Body_Returns400()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithRawBase64Body("eyJjdXN0b21lcklkIjo*not-base64*").Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("invalid_body", Responses.ErrorCode(response));
    }

    [Fact]
    public async Task HandleAsync_EmptyBody_Returns400()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa").WithBody(string.Empty).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("invalid_body", Responses.ErrorCode(response));
    }

    [Fact]
    public async Task HandleAsync_SameIdempotencyKeyAndBody_ReplaysFirstOrderAndCreatesNothingNew()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2)).WithIdempotencyKey("checkout-8c41f2").Build();
        var first = await InvokeAsync(request);

        var replay = await InvokeAsync(request);

        Assert.Equal(201, first.StatusCode);
        Assert.Equal(201, replay.StatusCode);
        Assert.Equal("true", Responses.Header(replay, "idempotent-replayed"));
        Assert.Equal(Responses.Header(first, "location"), Responses.Header(replay, "location"));
        Assert.Equal(Responses.Json(first).GetProperty("id").GetString(), Responses.Json(replay).GetProperty("id").GetString());
        Assert.Equal(1, await platform.CountAsync("Order"));
        Assert.Single(platform.Aws.EventsOf("Order Created"));
    }

    [Fact]
    public async Task HandleAsync_SameIdempotencyKeyAsBase64_ReplaysFirstOrder()
    {
        var body = Requests.OrderBody(customerId, "pm_card_visa", ("WIDGET-1", 2)).ToJsonString();
        var first = await InvokeAsync(Requests.CreateOrder(customerId, "pm_card_visa").WithBody(body).WithIdempotencyKey("retry-1").Build());

        var replay = await InvokeAsync(Requests.CreateOrder(customerId, "pm_card_visa").WithBase64Body(body).WithIdempotencyKey("retry-1").Build());

        Assert.Equal("true", Responses.Header(replay, "idempotent-replayed"));
        Assert.Equal(Responses.Json(first).GetProperty("id").GetString(), Responses.Json(replay).GetProperty("id").GetString());
        Assert.Equal(1, await platform.CountAsync("Order"));
    }

    [Fact]
    public async Task HandleAsync_SameIdempotencyKeyDifferentBody_Returns422AndCreatesNothingNew()
    {
        await InvokeAsync(Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2)).WithIdempotencyKey("checkout-8c41f2").Build());

        var response = await InvokeAsync(Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 3)).WithIdempotencyKey("checkout-8c41f2").Build());

        Assert.Equal(422, response.StatusCode);
        Assert.Equal("idempotency_key_reused", Responses.ErrorCode(response));
        Assert.Equal(1, await platform.CountAsync("Order"));
        Assert.Single(platform.Aws.EventsOf("Order Created"));
    }

    [Fact]
    public async Task HandleAsync_DifferentIdempotencyKeys_CreateTwoOrders()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2));

        var first = await InvokeAsync(request.WithIdempotencyKey("key-a").Build());
        var second = await InvokeAsync(request.WithIdempotencyKey("key-b").Build());

        Assert.NotEqual(Responses.Json(first).GetProperty("id").GetString(), Responses.Json(second).GetProperty("id").GetString());
        Assert.Equal(2, await platform.CountAsync("Order"));
        Assert.Equal(2, platform.Aws.EventsOf("Order Created").Count);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task HandleAsync_MalformedIdempotencyKey_Returns400NamingTheHeader(string key)
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithIdempotencyKey(key).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.True(Responses.FieldErrors(response).ContainsKey(CreateOrderHandler.IdempotencyKeyHeader));
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task HandleAsync_OverlongIdempotencyKey_Returns400()
    {
        var request = Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 1)).WithIdempotencyKey(new string('k', 256)).Build();

        var response = await InvokeAsync(request);

        Assert.Equal(400, response.StatusCode);
    }

    private CreateOrderHandler CreateSut() => platform.CreateOrderHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("create-order"));

    private async Task AssertNothingCreatedAsync()
    {
        Assert.Equal(0, await platform.CountAsync("Order"));
        Assert.Empty(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType));
    }
}
