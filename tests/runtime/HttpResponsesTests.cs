using System.Text.Json;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

public sealed class HttpResponsesTests
{
    [Fact]
    public void Json_Value_SerializesWithJsonContentType()
    {
        // Act
        var response = HttpResponses.Json(201, new EchoResponse("created"), TestJsonContext.Default.EchoResponse);

        // Assert
        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.Headers!["content-type"]);
        Assert.Equal("""{"Message":"created"}""", response.Body);
        Assert.False(response.IsBase64Encoded);
    }

    [Fact]
    public void Error_WithFields_ProducesErrorEnvelope()
    {
        // Act
        var response = HttpResponses.Error(
            400,
            HttpErrorCodes.ValidationFailed,
            "The request is invalid.",
            [new FieldError("items[0].quantity", "must be at least 1"), new FieldError("email", "is required")]);

        // Assert
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/json", response.Headers!["content-type"]);
        using var document = JsonDocument.Parse(response.Body!);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        Assert.Equal("The request is invalid.", error.GetProperty("message").GetString());
        var fields = error.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(2, fields.Count);
        Assert.Equal("items[0].quantity", fields[0].GetProperty("field").GetString());
        Assert.Equal("must be at least 1", fields[0].GetProperty("message").GetString());
    }

    [Fact]
    public void Error_WithoutFields_OmitsFields()
    {
        // Act
        var response = HttpResponses.NotFound("Order not found.");

        // Assert
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("""{"error":{"code":"not_found","message":"Order not found."}}""", response.Body);
    }

    [Fact]
    public void InternalError_Always_CarriesOnlyAGenericMessage()
    {
        // Act
        var response = HttpResponses.InternalError();

        // Assert
        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"error":{"code":"internal_error","message":"An internal error occurred."}}""", response.Body);
    }

    [Fact]
    public void Serialize_ResponseWithoutCookies_OmitsNullMembers()
    {
        // Arrange
        var response = HttpResponses.Empty();

        // Act
        var json = JsonSerializer.Serialize(response, RuntimeJsonContext.Default.HttpApiResponse);

        // Assert
        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", json);
    }

    [Fact]
    public void WithHeader_JsonResponse_AddsHeaderAndKeepsContentType()
    {
        // Arrange
        var response = HttpResponses.Json(201, new EchoResponse("created"), TestJsonContext.Default.EchoResponse);

        // Act
        var withLocation = response.WithHeader("location", "/orders/o-1");

        // Assert
        Assert.Equal("/orders/o-1", withLocation.Headers!["location"]);
        Assert.Equal("application/json", withLocation.Headers["content-type"]);
        Assert.Equal(response.Body, withLocation.Body);
        Assert.False(response.Headers!.ContainsKey("location"));
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("Content-Type")]
    [InlineData("CONTENT-TYPE")]
    public void GetHeader_AnyCase_FindsHeader(string name)
    {
        // Arrange
        var request = new HttpApiRequest { Headers = new Dictionary<string, string> { ["content-type"] = "application/json", ["X-Custom"] = "v" } };

        // Act
        var value = request.GetHeader(name);

        // Assert
        Assert.Equal("application/json", value);
        Assert.Equal("v", request.GetHeader("x-custom"));
        Assert.Null(request.GetHeader("accept"));
    }
}
