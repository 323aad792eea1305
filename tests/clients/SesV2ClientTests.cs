using System.Net;
using System.Text.Json;
using Platform.Functions.Shared.Utilities;
using Platform.Functions.Shared.Utilities.Email;
using Platform.Tests.Clients.Fakes;

namespace Platform.Tests.Clients;

public sealed class SesV2ClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SesV2Client CreateSut(FakeAwsServer server, Uri? endpoint = null) =>
        SesV2Client.Create(TestAws.Credentials, TestAws.Region, endpoint ?? server.Endpoint);

    private static FakeResponse Accepted(RecordedRequest request) =>
        FakeResponse.Json(200, Payloads.Read("ses-send-email-success.json"));

    [Fact]
    public async Task SendEmailAsync_ValidMessage_SignsWithSigV4ForSesService()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        SigV4Verifier.AssertSigned(server.SingleRequest, TestAws.AccessKey, TestAws.SecretKey, TestAws.Region, "ses");
    }

    [Fact]
    public async Task SendEmailAsync_ValidMessage_PostsJsonToOutboundEmails()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        var request = server.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/outbound-emails", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Null(request.Header("X-Amz-Target"));
    }

    [Fact]
    public async Task SendEmailAsync_InsideATracedInvocation_SendsItsTraceHeaderAndStaysSigned()
    {
        const string Trace = "Root=1-6753a1b2-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1";
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var traced = SesV2Client.Create(TestAws.Credentials, TestAws.Region, server.Endpoint, name => name == "_X_AMZN_TRACE_ID" ? Trace : null);
        using var untraced = SesV2Client.Create(TestAws.Credentials, TestAws.Region, server.Endpoint, _ => null);

        await traced.SendEmailAsync(Build.OrderReceivedEmail(), Ct);
        await untraced.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        Assert.Equal(Trace, server.Requests[0].Header("X-Amzn-Trace-Id"));
        Assert.Null(server.Requests[1].Header("X-Amzn-Trace-Id"));
        SigV4Verifier.AssertSigned(server.Requests[0], TestAws.AccessKey, TestAws.SecretKey, TestAws.Region, "ses");
    }

    [Fact]
    public async Task SendEmailAsync_EndpointWithBasePath_KeepsBasePath()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server, new Uri(server.Endpoint, "ses-proxy"));

        await sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        var request = server.SingleRequest;
        Assert.Equal("/ses-proxy/v2/email/outbound-emails", request.Path);
        SigV4Verifier.AssertSigned(request, TestAws.AccessKey, TestAws.SecretKey, TestAws.Region, "ses");
    }

    [Fact]
    public async Task SendEmailAsync_TextOnlyMessage_SerializesSimpleContentWithoutHtml()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.SendEmailAsync(Build.OrderReceivedEmail(to: ["a@example.org", "b@example.org"]), Ct);

        var body = server.SingleRequest.Json;
        Assert.Equal(["FromEmailAddress", "Destination", "Content"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("orders@example.com", body.GetProperty("FromEmailAddress").GetString());
        Assert.Equal(
            ["a@example.org", "b@example.org"],
            body.GetProperty("Destination").GetProperty("ToAddresses").EnumerateArray().Select(a => a.GetString()));
        var simple = body.GetProperty("Content").GetProperty("Simple");
        AssertContent(simple.GetProperty("Subject"), "We received your order");
        var messageBody = simple.GetProperty("Body");
        AssertContent(messageBody.GetProperty("Text"), "Thank you for your order order-1.");
        Assert.False(messageBody.TryGetProperty("Html", out _));
    }

    [Fact]
    public async Task SendEmailAsync_HtmlAndConfigurationSet_SerializesBoth()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.SendEmailAsync(Build.OrderReceivedEmail(htmlBody: "<p>Thank you</p>", configurationSetName: "platform-dev"), Ct);

        var body = server.SingleRequest.Json;
        Assert.Equal("platform-dev", body.GetProperty("ConfigurationSetName").GetString());
        AssertContent(body.GetProperty("Content").GetProperty("Simple").GetProperty("Body").GetProperty("Html"), "<p>Thank you</p>");
    }

    [Fact]
    public async Task SendEmailAsync_Accepted_ReturnsMessageId()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        var messageId = await sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        Assert.Equal("010001938a1b2c3d-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9-000000", messageId);
    }

    [Fact]
    public async Task SendEmailAsync_MessageRejected400_ThrowsWithErrorTypeAndRedactedAddresses()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(
            400,
            Payloads.Read("ses-message-rejected.json"),
            ("x-amzn-ErrorType", "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/"),
            ("x-amzn-RequestId", "ses-req-1"));
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("MessageRejected", error.ErrorType);
        Assert.Equal("ses-req-1", error.RequestId);
        Assert.StartsWith("Email address is not verified.", error.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("@", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendEmailAsync_Throttled429_ThrowsWithErrorType()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(
            429, Payloads.Read("ses-throttling.json"), ("x-amzn-ErrorType", "TooManyRequestsException"));
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("TooManyRequestsException", error.ErrorType);
        Assert.Equal("Maximum sending rate exceeded.", error.ErrorMessage);
    }

    [Fact]
    public async Task SendEmailAsync_ServiceUnavailable503_ThrowsWithStatusType()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => new FakeResponse(503, string.Empty, "text/plain", new Dictionary<string, string>());
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("Http503", error.ErrorType);
    }

    public static TheoryData<string, EmailMessage> InvalidMessages => new()
    {
        { "no recipients", Build.OrderReceivedEmail(to: []) },
        { "51 recipients", Build.OrderReceivedEmail(to: [.. Enumerable.Range(0, 51).Select(i => $"r{i}@example.org")]) },
        { "empty recipient", Build.OrderReceivedEmail(to: ["a@example.org", ""]) },
        { "no sender", Build.OrderReceivedEmail(from: "") },
        { "no subject", Build.OrderReceivedEmail(subject: " ") },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public async Task SendEmailAsync_InvalidMessage_ThrowsWithoutSendingOrNamingAddresses(string scenario, EmailMessage message)
    {
        await using var server = FakeAwsServer.Start();
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.SendEmailAsync(message, Ct));

        Assert.DoesNotContain("@", error.Message, StringComparison.Ordinal);
        Assert.True(server.Requests.Count == 0, scenario);
    }

    private static void AssertContent(JsonElement content, string data)
    {
        Assert.Equal(data, content.GetProperty("Data").GetString());
        Assert.Equal("UTF-8", content.GetProperty("Charset").GetString());
    }
}
