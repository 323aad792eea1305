using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

public sealed class HttpBodyTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    public void TryRead_JsonContentType_ReturnsUtf8Body(string contentType)
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithHeader("content-type", contentType).WithBody("""{"name":"Zoë"}""").Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out var body, out var error);

        // Assert
        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal("""{"name":"Zoë"}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void TryRead_HeaderNameInOtherCase_FindsContentType()
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithoutHeader("content-type").WithHeader("Content-Type", "application/json").Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out _, out _);

        // Assert
        Assert.True(ok);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData(null)]
    public void TryRead_NotJsonContentType_Returns415(string? contentType)
    {
        // Arrange
        var builder = new HttpApiRequestBuilder();
        var request = (contentType is null ? builder.WithoutHeader("content-type") : builder.WithHeader("content-type", contentType)).Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out var body, out var error);

        // Assert
        Assert.False(ok);
        Assert.Empty(body);
        AssertError(error, 415, HttpErrorCodes.UnsupportedMediaType);
    }

    [Fact]
    public void TryRead_BodyOverLimit_Returns413()
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithBody(new string('x', 101)).Build();

        // Act
        var ok = HttpBody.TryRead(request, 100, out _, out var error);

        // Assert
        Assert.False(ok);
        AssertError(error, 413, HttpErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public void TryRead_MultiByteBodyOverLimitInBytes_Returns413()
    {
        // Arrange: 60 chars, 120 UTF-8 bytes
        var request = new HttpApiRequestBuilder().WithBody(new string('é', 60)).Build();

        // Act
        var ok = HttpBody.TryRead(request, 100, out _, out var error);

        // Assert
        Assert.False(ok);
        AssertError(error, 413, HttpErrorCodes.PayloadTooLarge);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryRead_EmptyBody_Returns400(string? body)
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithBody(body).Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out _, out var error);

        // Assert
        Assert.False(ok);
        AssertError(error, 400, HttpErrorCodes.InvalidBody);
    }

    [Fact]
    public void TryRead_Base64Body_ReturnsDecodedBytes()
    {
        // Arrange
        var json = """{"sku":"ABC-1"}""";
        var request = new HttpApiRequestBuilder().WithBody(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), isBase64Encoded: true).Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out var body, out var error);

        // Assert
        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(json, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void TryRead_InvalidBase64_Returns400()
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithBody("not*base64!", isBase64Encoded: true).Build();

        // Act
        var ok = HttpBody.TryRead(request, 1024, out _, out var error);

        // Assert
        Assert.False(ok);
        AssertError(error, 400, HttpErrorCodes.InvalidBody);
    }

    [Fact]
    public void TryRead_Base64BodyDecodingOverLimit_Returns413()
    {
        // Arrange
        var request = new HttpApiRequestBuilder().WithBody(Convert.ToBase64String(new byte[101]), isBase64Encoded: true).Build();

        // Act
        var ok = HttpBody.TryRead(request, 100, out _, out var error);

        // Assert
        Assert.False(ok);
        AssertError(error, 413, HttpErrorCodes.PayloadTooLarge);
    }

    private static void AssertError(HttpApiResponse? error, int status, string code)
    {
        Assert.NotNull(error);
        Assert.Equal(status, error.StatusCode);
        using var document = JsonDocument.Parse(error.Body!);
        Assert.Equal(code, document.RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
