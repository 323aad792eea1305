using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Platform.Functions.Shared.Utilities;
using Platform.Functions.Shared.Utilities.Email;
using Platform.Local.Email;
using Platform.Tests.Local.Email.Support;

namespace Platform.Tests.Local.Email;

public sealed class SesEndpointTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 30, 15, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Now);

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "missing From", "FromEmailAddress is required." },
        { "no recipients", "Destination must have at least one recipient in ToAddresses, CcAddresses or BccAddresses." },
        { "51 recipients", "Recipient count exceeds 50." },
        { "missing subject", "Content.Simple.Subject.Data is required." },
        { "missing body", "Content.Simple.Body must contain Text or Html." },
        { "raw content", "Content.Simple is required; the local endpoint accepts Simple content only." },
        { "recipients not a list", "Destination.ToAddresses must be a list of strings." },
        { "address without domain", "Missing final '@domain'" },
        { "malformed JSON", "The request body is not valid JSON." },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SendEmailAsync_OurClient_LandsInOutboxWithEveryField()
    {
        await using var server = await StartServerAsync();
        using var client = CreateClient(server);

        var messageId = await client.SendEmailAsync(
            new EmailMessage
            {
                FromEmailAddress = "orders@example.com",
                ToAddresses = ["jane.doe@example.org", "john.doe@example.org"],
                Subject = "Your order is confirmed",
                TextBody = "Order order-1 is confirmed.",
                HtmlBody = "<p>Order <b>order-1</b> is confirmed.</p>",
                ConfigurationSetName = "orders",
            },
            Ct);

        var message = Assert.Single(server.Outbox.List());
        Assert.Equal(messageId, message.Id);
        Assert.Equal(Now, message.Timestamp);
        Assert.Equal("orders@example.com", message.From);
        Assert.Equal(["jane.doe@example.org", "john.doe@example.org"], message.To);
        Assert.Empty(message.Cc);
        Assert.Empty(message.Bcc);
        Assert.Equal("Your order is confirmed", message.Subject);
        Assert.Equal("Order order-1 is confirmed.", message.Text);
        Assert.Equal("<p>Order <b>order-1</b> is confirmed.</p>", message.Html);
        Assert.Equal("orders", message.ConfigurationSetName);
    }

    [Fact]
    public async Task SendEmailAsync_OurClientTextOnly_KeepsNoHtml()
    {
        await using var server = await StartServerAsync();
        using var client = CreateClient(server);

        await client.SendEmailAsync(
            new EmailMessage { FromEmailAddress = "orders@example.com", ToAddresses = ["jane.doe@example.org"], Subject = "Hi", TextBody = "Hello." },
            Ct);

        var message = Assert.Single(server.Outbox.List());
        Assert.Equal("Hello.", message.Text);
        Assert.Null(message.Html);
        Assert.Null(message.ConfigurationSetName);
    }

    [Fact]
    public async Task SendEmailAsync_OurClientMalformedAddress_ThrowsAwsServiceExceptionAndKeepsNothing()
    {
        await using var server = await StartServerAsync();
        using var client = CreateClient(server);

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.SendEmailAsync(
            new EmailMessage { FromEmailAddress = "orders@example.com", ToAddresses = ["jane.doe"], Subject = "Hi", TextBody = "Hello." },
            Ct));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("BadRequestException", exception.ErrorType);
        Assert.Equal("Missing final '@domain'", exception.ErrorMessage);
        Assert.Equal("SESv2.SendEmail", exception.Operation);
        Assert.NotNull(exception.RequestId);
        Assert.Equal(0, server.Outbox.Count);
    }

    [Fact]
    public async Task SendEmail_CcAndBccRecipients_KeepsEveryRecipient()
    {
        await using var server = await StartServerAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Payloads.Read("send-email.json").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var message = Assert.Single(server.Outbox.List());
        Assert.Equal(body.RootElement.GetProperty("MessageId").GetString(), message.Id);
        Assert.Equal("Orders <orders@example.com>", message.From);
        Assert.Equal(["jane.doe@example.org"], message.To);
        Assert.Equal(["sales@example.com"], message.Cc);
        Assert.Equal(["audit@example.com", "archive@example.com"], message.Bcc);
        Assert.Equal("We received your order", message.Subject);
        Assert.Equal("<p>Thank you for your order <b>order-1</b>.</p>", message.Html);
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task SendEmail_InvalidRequest_Returns400BadRequestExceptionAndKeepsNothing(string scenario, string expectedMessage)
    {
        await using var server = await StartServerAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, InvalidBody(scenario));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequestException", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
        Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(expectedMessage, body.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, server.Outbox.Count);
    }

    [Theory]
    [InlineData("POST", "/v2/email/identities")]
    [InlineData("POST", "/v1/email/outbound-emails")]
    [InlineData("GET", "/v2/email/outbound-emails")]
    public async Task HandleAsync_UnknownOperation_Returns404(string method, string path)
    {
        await using var server = await StartServerAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.Endpoint, path));

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", Assert.Single(response.Headers.GetValues("x-amzn-ErrorType")));
    }

    [Fact]
    public async Task SendEmailAsync_ServerRestarted_OutboxKeepsEarlierMessages()
    {
        string first;
        await using (var server = await StartServerAsync())
        {
            using var client = CreateClient(server);
            first = await client.SendEmailAsync(Email("first"), Ct);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using var restarted = await StartServerAsync();
        using var restartedClient = CreateClient(restarted);
        var second = await restartedClient.SendEmailAsync(Email("second"), Ct);

        Assert.Equal([first, second], restarted.Outbox.List().Select(message => message.Id));
        Assert.Equal(["first", "second"], restarted.Outbox.List().Select(message => message.Subject));
    }

    private static EmailMessage Email(string subject) => new()
    {
        FromEmailAddress = "orders@example.com",
        ToAddresses = ["jane.doe@example.org"],
        Subject = subject,
        TextBody = "Hello.",
    };

    private static SesV2Client CreateClient(SesServer server) =>
        SesV2Client.Create(new BasicAWSCredentials("test", "test"), "us-east-1", server.Endpoint);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, SesServer server, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync(new Uri(server.Endpoint, SesEndpoint.SendEmailPath), content, Ct);
    }

    private static string InvalidBody(string scenario)
    {
        var body = Payloads.Read("send-email.json");
        var destination = body["Destination"]!.AsObject();
        var simple = body["Content"]!["Simple"]!.AsObject();
        switch (scenario)
        {
            case "missing From":
                body.Remove("FromEmailAddress");
                break;
            case "no recipients":
                destination.Clear();
                break;
            case "51 recipients":
                destination["ToAddresses"] = new JsonArray([.. Enumerable.Range(1, 30).Select(i => (JsonNode)$"to{i}@example.org")]);
                destination["CcAddresses"] = new JsonArray([.. Enumerable.Range(1, 19).Select(i => (JsonNode)$"cc{i}@example.org")]);
                break;
            case "missing subject":
                simple.Remove("Subject");
                break;
            case "missing body":
                simple.Remove("Body");
                break;
            case "raw content":
                body["Content"] = new JsonObject { ["Raw"] = new JsonObject { ["Data"] = "RnJvbTogYQ==" } };
                break;
            case "recipients not a list":
                destination["ToAddresses"] = "jane.doe@example.org";
                break;
            case "address without domain":
                destination["CcAddresses"] = new JsonArray("sales");
                break;
            case "malformed JSON":
                return "{\"FromEmailAddress\": ";
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        return body.ToJsonString();
    }

    private Task<SesServer> StartServerAsync() => SesServer.StartAsync(_directory.Path, _clock);
}
