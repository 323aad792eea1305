using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Tests.Local.Support;

/// <summary>A customer created through <c>POST /users</c>.</summary>
public sealed record Customer(string Id, string Email);

/// <summary>An HTTP answer of the gateway: status, body and headers.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The <c>field</c> names of the platform's error body <c>{"error":{"code","message","fields":[{"field","message"}]}}</c>.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Json.GetProperty("error").TryGetProperty("fields", out var fields)
            ? [.. fields.EnumerateArray().Select(f => f.GetProperty("field").GetString()!)]
            : [];

    public string ErrorCode => Json.GetProperty("error").GetProperty("code").GetString()!;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>The order platform's HTTP API through the runner's gateway, authorised with its development token.</summary>
public sealed class Api(PlatformFixture platform)
{
    public async Task<Customer> CreateCustomerAsync()
    {
        var email = $"e2e+{Guid.NewGuid():N}@example.com";
        var response = await SendAsync(HttpMethod.Post, "/users", Json(new JsonObject { ["email"] = email, ["name"] = "End To End" }));
        Assert.True(response.Status == HttpStatusCode.Created, $"POST /users: {response}");
        return new Customer(response.Json.GetProperty("id").GetString()!, email);
    }

    /// <summary>Creates a product with a fresh SKU and returns the SKU.</summary>
    public async Task<string> CreateProductAsync(int stock, long priceCents = 1250)
    {
        var sku = "E2E-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var response = await SendAsync(HttpMethod.Put, "/products/" + sku, Json(new JsonObject { ["name"] = "Test product " + sku, ["priceCents"] = priceCents, ["stock"] = stock }));
        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"PUT /products/{sku}: {response}");
        return sku;
    }

    public Task<ApiResponse> PlaceOrderAsync(OrderRequest order, string? idempotencyKey = null) =>
        PlaceOrderAsync(Json(order.ToJson()), idempotencyKey);

    public Task<ApiResponse> PlaceOrderAsync(HttpContent body, string? idempotencyKey = null)
    {
        var request = platform.Authorized(HttpMethod.Post, "/orders", body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request);
    }

    public async Task<string> GetOrderStatusAsync(string orderId)
    {
        var response = await SendAsync(HttpMethod.Get, "/orders/" + orderId);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET /orders/{orderId}: {response}");
        return response.Json.GetProperty("status").GetString()!;
    }

    /// <summary>Polls <c>GET /orders/{id}</c> until the order has <paramref name="status"/>.</summary>
    public Task<string> WaitForStatusAsync(string orderId, string status) =>
        Poll.UntilAsync(() => GetOrderStatusAsync(orderId), s => s == status, TimeSpan.FromSeconds(60), $"order {orderId} to become {status}");

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content = null) =>
        SendAsync(platform.Authorized(method, path, content));

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await platform.Client.SendAsync(request, TestContext.Current.CancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return new ApiResponse(response.StatusCode, body, response.Headers);
        }
    }

    public static HttpContent Json(JsonNode body) => JsonContent.Create(body);

    public static HttpContent RawJson(string body) => new StringContent(body, Encoding.UTF8, "application/json");
}
