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

        var response = await _api.PlaceOrderAsync(Api.RawJson($$"""{"customerId":"{{customer.Id}}","items":[{"sku":"{{sku}}","quantity":1}"""));

        AssertValidationFailed(response, "body");
        AssertNothingCreated(customer, sku);
    }

    [Fact]
    public async Task PlaceOrder_UnknownCustomer_Returns400NamingCustomerId()
    {
        var (customer, sku) = await ArrangeAsync();
        var unknown = "usr_" + Guid.NewGuid().ToString("N")[..31];

        var response = await _api.PlaceOrderAsync(OrderRequest.For(unknown).With(sku, 1));

        AssertValidationFailed(response, "customerId");
        AssertNothingCreated(customer, sku);
        Assert.Empty(platform.EventsMentioning(unknown));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task PlaceOrder_QuantityBelowOne_Returns400NamingQuantity(int quantity)
    {
        var (customer, sku) = await ArrangeAsync();

        var response = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, quantity));

        AssertValidationFailed(response, "items[0].quantity");
        AssertNothingCreated(customer, sku);
    }

    [Fact]
    public async Task PlaceOrder_UnknownField_Returns400NamingField()
    {
        var (customer, sku) = await ArrangeAsync();

        var response = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 1).WithField("discountCents", 500));

        AssertValidationFailed(response, "discountCents");
        AssertNothingCreated(customer, sku);
    }

    [Fact]
    public async Task PlaceOrder_BodyOver64KiB_Returns413()
    {
        var (customer, sku) = await ArrangeAsync();
        var order = OrderRequest.For(customer.Id).With(sku, 1).WithField("padding", new string('x', 65 * 1024));

        var response = await _api.PlaceOrderAsync(order);

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal("payload_too_large", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("error").GetProperty("message").GetString()));
        AssertNothingCreated(customer, sku);
    }

    [Fact]
    public async Task PlaceOrder_MissingJwt_Returns401()
    {
        var (customer, sku) = await ArrangeAsync();
        var request = platform.Authorized(HttpMethod.Post, "/orders", Api.Json(OrderRequest.For(customer.Id).With(sku, 1).ToJson()));
        request.Headers.Authorization = null;

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        AssertNothingCreated(customer, sku);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task PlaceOrder_BadJwt_Returns401(string token)
    {
        var (customer, sku) = await ArrangeAsync();
        var request = platform.Authorized(HttpMethod.Post, "/orders", Api.Json(OrderRequest.For(customer.Id).With(sku, 1).ToJson()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        AssertNothingCreated(customer, sku);
    }

    [Fact]
    public async Task PlaceOrder_TamperedDevelopmentToken_Returns401()
    {
        var (customer, sku) = await ArrangeAsync();
        var token = platform.Platform.DevelopmentToken;
        var signatureStart = token.LastIndexOf('.') + 1;
        var tampered = token[..signatureStart] + (token[signatureStart] == 'A' ? 'B' : 'A') + token[(signatureStart + 1)..];
        var request = platform.Authorized(HttpMethod.Post, "/orders", Api.Json(OrderRequest.For(customer.Id).With(sku, 1).ToJson()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        var response = await _api.SendAsync(request);

        AssertUnauthorized(response);
        AssertNothingCreated(customer, sku);
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

    /// <summary>No event mentions the customer or the product, and no mail went to the customer.</summary>
    /// <remarks>
    /// create-order publishes <c>Order Created</c> before it answers, so an order created in error would already be on
    /// the bus; every mail follows from an event.
    /// </remarks>
    private void AssertNothingCreated(Customer customer, string sku)
    {
        Assert.Empty(platform.EventsMentioning(customer.Id));
        Assert.DoesNotContain("Order Created", platform.EventsMentioning(sku));
        Assert.Empty(platform.MailsTo(customer.Email));
    }
}
