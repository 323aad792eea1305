using System.Net;
using System.Net.Http.Headers;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>Bad requests to <c>POST /orders</c> through the gateway: the right status and error body, and nothing created.</summary>
public sealed class BadInputTests(PlatformFixture platform)
{
    private readonly Api _api = new(platform);

    [Fact]
    public async Task PlaceOrder_MalformedJson_Returns400NamingBody()
    {
        var (customer, sku) = await ArrangeAsync();

        var key = NewKey();

        var response = await _api.PlaceOrderAsync(Api.RawJson($$"""{"customerId":"{{customer.Id}}","items":[{"sku":"{{sku}}","quantity":1}"""), key);

        AssertValidationFailed(response, "body");
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_UnknownCustomer_Returns400NamingCustomerId()
    {
        var (customer, sku) = await ArrangeAsync();
        var unknown = "usr_" + Guid.NewGuid().ToString("N")[..31];

        var key = NewKey();

        var response = await _api.PlaceOrderAsync(OrderRequest.For(unknown).With(sku, 1), key);

        AssertValidationFailed(response, "customerId");
        await AssertNothingCreatedAsync(customer, sku, key);
        Assert.Empty(platform.EventsMentioning(unknown));
        Assert.Empty(await platform.OrderIdsOfCustomerAsync(unknown));
        Assert.Null(await platform.GetIdempotencyRecordAsync(unknown, key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task PlaceOrder_QuantityBelowOne_Returns400NamingQuantity(int quantity)
    {
        var (customer, sku) = await ArrangeAsync();

        var key = NewKey();

        var response = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, quantity), key);

        AssertValidationFailed(response, "items[0].quantity");
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_UnknownField_Returns400NamingField()
    {
        var (customer, sku) = await ArrangeAsync();

        var key = NewKey();

        var response = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 1).WithField("discountCents", 500), key);

        AssertValidationFailed(response, "discountCents");
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_BodyOver64KiB_Returns413()
    {
        var (customer, sku) = await ArrangeAsync();
        var order = OrderRequest.For(customer.Id).With(sku, 1).WithField("padding", new string('x', 65 * 1024));
        var key = NewKey();

        var response = await _api.PlaceOrderAsync(order, key);

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal("payload_too_large", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("error").GetProperty("message").GetString()));
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_MissingJwt_Returns401()
    {
        var (customer, sku) = await ArrangeAsync();
        var key = NewKey();
        var request = OrderRequestWithKey(customer, sku, key);
        request.Headers.Authorization = null;

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task PlaceOrder_BadJwt_Returns401(string token)
    {
        var (customer, sku) = await ArrangeAsync();
        var key = NewKey();
        var request = OrderRequestWithKey(customer, sku, key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_TamperedDevelopmentToken_Returns401()
    {
        var (customer, sku) = await ArrangeAsync();
        var token = platform.Platform.DevelopmentToken;
        var signatureStart = token.LastIndexOf('.') + 1;
        var tampered = token[..signatureStart] + (token[signatureStart] == 'A' ? 'B' : 'A') + token[(signatureStart + 1)..];
        var key = NewKey();
        var request = OrderRequestWithKey(customer, sku, key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        await AssertNothingCreatedAsync(customer, sku, key);
    }

    [Fact]
    public async Task PlaceOrder_ReplayedIdempotencyKeyWithDifferentBody_Returns422AndKeepsFirstOrderOnly()
    {
        var (customer, sku) = await ArrangeAsync();
        var key = Guid.NewGuid().ToString("N");
        var first = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 1), key);
        Assert.True(first.Status == HttpStatusCode.Created, first.ToString());
        var eventsBefore = platform.EventsMentioning(customer.Id).Count(t => t == "Order Created");

        var response = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), key);

        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, response.ToString());
        Assert.Equal("idempotency_key_reused", response.ErrorCode);
        Assert.Empty(response.ErrorFields);
        Assert.Equal(1, eventsBefore);
        Assert.Single(platform.EventsMentioning(customer.Id), "Order Created");

        // The first order's row, its reservation of one and its idempotency record are all that exist.
        var firstId = first.Json.GetProperty("id").GetString()!;
        Assert.Equal([firstId], await platform.OrderIdsOfCustomerAsync(customer.Id));
        await _api.WaitForStatusAsync(firstId, "reserved");
        Assert.Equal(9, (await platform.GetProductAsync(sku))?.Stock);
        var record = await platform.GetIdempotencyRecordAsync(customer.Id, key);
        Assert.NotNull(record);
        Assert.Equal(firstId, record.ResourceId);
    }

    private async Task<(Customer Customer, string Sku)> ArrangeAsync() =>
        (await _api.CreateCustomerAsync(), await _api.CreateProductAsync(stock: 10));

    private static void AssertValidationFailed(ApiResponse response, string field)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("validation_failed", response.ErrorCode);
        Assert.Contains(field, response.ErrorFields);
        Assert.All(response.Json.GetProperty("error").GetProperty("fields").EnumerateArray(), f =>
            Assert.False(string.IsNullOrEmpty(f.GetProperty("message").GetString())));
    }

    private static void AssertUnauthorized(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.Unauthorized, response.ToString());
        Assert.Equal("Unauthorized", response.Json.GetProperty("message").GetString());
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private HttpRequestMessage OrderRequestWithKey(Customer customer, string sku, string idempotencyKey)
    {
        var request = platform.Authorized(HttpMethod.Post, "/orders", Api.Json(OrderRequest.For(customer.Id).With(sku, 1).ToJson()));
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>
    /// No event mentions the customer or the product, no mail went to the customer, and in the table no order row of the
    /// customer, the product's stock as created (10), and no idempotency record for the rejected request's key.
    /// </summary>
    /// <remarks>
    /// create-order writes the idempotency record and the order, and publishes <c>Order Created</c>, before it answers, so
    /// anything created in error would already be there; every mail follows from an event.
    /// </remarks>
    private async Task AssertNothingCreatedAsync(Customer customer, string sku, string idempotencyKey)
    {
        Assert.Empty(platform.EventsMentioning(customer.Id));
        Assert.DoesNotContain("Order Created", platform.EventsMentioning(sku));
        Assert.Empty(platform.MailsTo(customer.Email));
        Assert.Empty(await platform.OrderIdsOfCustomerAsync(customer.Id));
        var product = await platform.GetProductAsync(sku);
        Assert.NotNull(product);
        Assert.Equal(10, product.Stock);
        Assert.Null(await platform.GetIdempotencyRecordAsync(customer.Id, idempotencyKey));
    }
}
