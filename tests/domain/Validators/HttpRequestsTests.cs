using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Validators;

namespace Platform.Tests.Domain.Validators;

public sealed class HttpRequestsTests
{
    private static HttpApiRequest Request(string? body, string contentType = "application/json", bool base64 = false) => new()
    {
        Version = "2.0",
        RouteKey = "POST /orders",
        Headers = new Dictionary<string, string> { ["content-type"] = contentType },
        Body = body,
        IsBase64Encoded = base64,
    };

    private static HttpApiRequest PathRequest(string? id) => new()
    {
        Version = "2.0",
        RouteKey = "GET /orders/{id}",
        PathParameters = id is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["id"] = id },
    };

    private static IReadOnlyList<(string Field, string Message)> FieldsOf(HttpApiResponse response)
    {
        using var body = JsonDocument.Parse(response.Body!);
        return [.. body.RootElement.GetProperty("error").GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("field").GetString()!, f.GetProperty("message").GetString()!))];
    }

    [Fact]
    public void TryReadBody_ValidOrder_ReturnsCommand()
    {
        var ok = HttpRequests.TryReadBody(Request(A.OrderBody().ToString()), RequestReaders.PlaceOrder, out var order, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(2, order!.Items.Count);
    }

    [Fact]
    public void TryReadBody_Base64Body_IsDecoded()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(A.OrderBody().ToString()));

        var ok = HttpRequests.TryReadBody(Request(body, base64: true), RequestReaders.PlaceOrder, out PlaceOrder? order, out _);

        Assert.True(ok);
        Assert.NotNull(order);
    }

    [Fact]
    public void TryReadBody_InvalidFields_Returns400WithEveryFieldPath()
    {
        var body = A.OrderBody().Set("items[1].quantity", 0).Set("coupon", "FREE").ToString();

        var ok = HttpRequests.TryReadBody(Request(body), RequestReaders.PlaceOrder, out _, out var error);

        Assert.False(ok);
        Assert.Equal(400, error!.StatusCode);
        Assert.Equal([("coupon", "is not a known field"), ("items[1].quantity", "must be between 1 and 100")], FieldsOf(error));
    }

    [Fact]
    public void TryReadBody_NotJsonContentType_Returns415()
    {
        var ok = HttpRequests.TryReadBody(Request(A.OrderBody().ToString(), "text/plain"), RequestReaders.PlaceOrder, out _, out var error);

        Assert.False(ok);
        Assert.Equal(415, error!.StatusCode);
    }

    [Fact]
    public void TryReadBody_LargerThanLimit_Returns413()
    {
        var body = A.OrderBody().Set("padding", new string('x', RequestReaders.MaxBodyBytes)).ToString();

        var ok = HttpRequests.TryReadBody(Request(body), RequestReaders.PlaceOrder, out _, out var error);

        Assert.False(ok);
        Assert.Equal(413, error!.StatusCode);
    }

    [Fact]
    public void TryReadBody_LoneSurrogateEscape_Returns400()
    {
        var body = """{"email":"zoe@example.com","name":"Zo\ud800"}""";

        var ok = HttpRequests.TryReadBody(Request(body), RequestReaders.NewUser, out _, out var error);

        Assert.False(ok);
        Assert.Equal(400, error!.StatusCode);
    }

    [Fact]
    public void TryReadBody_Base64BodyWithInvalidUtf8_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"email":"zoe@example.com","name":"Zo?"}""");
        bytes[^3] = 0xC3;

        var ok = HttpRequests.TryReadBody(Request(Convert.ToBase64String(bytes), base64: true), RequestReaders.NewUser, out _, out var error);

        Assert.False(ok);
        Assert.Equal(400, error!.StatusCode);
    }

    [Fact]
    public void TryReadPathId_WellFormedId_ReturnsIt()
    {
        var ok = HttpRequests.TryReadPathId(PathRequest(TestIds.Order(5)), "id", Patterns.OrderId(), out var id, out var error);

        Assert.True(ok);
        Assert.Equal(TestIds.Order(5), id);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ord_1")]
    [InlineData("../../etc/passwd")]
    [InlineData("ord_0000000000000000000000000000005\n")]
    public void TryReadPathId_MissingOrMalformed_Returns400NamingTheParameter(string? raw)
    {
        var ok = HttpRequests.TryReadPathId(PathRequest(raw), "id", Patterns.OrderId(), out var id, out var error);

        Assert.False(ok);
        Assert.Null(id);
        Assert.Equal(400, error!.StatusCode);
        Assert.Equal([("id", "is not a valid identifier")], FieldsOf(error));
    }
}
