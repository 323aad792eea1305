using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Platform.Functions.Shared.Utilities;
using Platform.Functions.Shared.Utilities.EventBridge;
using Platform.Tests.Clients.Fakes;

namespace Platform.Tests.Clients;

public sealed class EventBridgeClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EventBridgeClient CreateSut(FakeAwsServer server, AWSCredentials? credentials = null) =>
        EventBridgeClient.Create(credentials ?? TestAws.Credentials, TestAws.Region, server.Endpoint);

    private static FakeResponse Accepted(RecordedRequest request)
    {
        var count = request.Json.GetProperty("Entries").GetArrayLength();
        var entries = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"EventId":"event-{{i}}"}"""));
        return FakeResponse.Json(200, $$"""{"FailedEntryCount":0,"Entries":[{{entries}}]}""");
    }

    [Fact]
    public async Task PutEventsAsync_ValidEntries_SignsWithSigV4ForEventsService()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.PutEventsAsync([Build.OrderCreated()], Ct);

        SigV4Verifier.AssertSigned(server.SingleRequest, TestAws.AccessKey, TestAws.SecretKey, TestAws.Region, "events");
    }

    [Fact]
    public async Task PutEventsAsync_SessionCredentials_SignsSecurityToken()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server, new SessionAWSCredentials(TestAws.AccessKey, TestAws.SecretKey, "session-token-1"));

        await sut.PutEventsAsync([Build.OrderCreated()], Ct);

        var request = server.SingleRequest;
        Assert.Equal("session-token-1", request.Header("X-Amz-Security-Token"));
        var auth = SigV4Verifier.AssertSigned(request, TestAws.AccessKey, TestAws.SecretKey, TestAws.Region, "events");
        Assert.Contains("x-amz-security-token", auth.SignedHeaders);
    }

    [Fact]
    public async Task PutEventsAsync_ValidEntries_PostsAwsJson11WithPutEventsTarget()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.PutEventsAsync([Build.OrderCreated()], Ct);

        var request = server.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("AWSEvents.PutEvents", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
    }

    [Fact]
    public async Task PutEventsAsync_EntryWithEveryField_SerializesPutEventsRequestShape()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);
        var entry = Build.OrderCreated() with
        {
            Resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/platform"],
            TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
            Time = DateTimeOffset.FromUnixTimeMilliseconds(1_764_064_800_250),
        };

        await sut.PutEventsAsync([entry], Ct);

        var sent = Assert.Single(server.SingleRequest.Json.GetProperty("Entries").EnumerateArray());
        Assert.Equal("platform.orders", sent.GetProperty("Source").GetString());
        Assert.Equal("Order Created", sent.GetProperty("DetailType").GetString());
        Assert.Equal(entry.Detail, sent.GetProperty("Detail").GetString());
        Assert.Equal("platform-dev", sent.GetProperty("EventBusName").GetString());
        Assert.Equal(entry.Resources, sent.GetProperty("Resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(entry.TraceHeader, sent.GetProperty("TraceHeader").GetString());
        Assert.Equal(JsonValueKind.Number, sent.GetProperty("Time").ValueKind);
        Assert.Equal(1_764_064_800.25, sent.GetProperty("Time").GetDouble());
    }

    [Fact]
    public async Task PutEventsAsync_EntryWithoutOptionalFields_OmitsThem()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        await sut.PutEventsAsync([Build.OrderCreated() with { EventBusName = null }], Ct);

        var sent = Assert.Single(server.SingleRequest.Json.GetProperty("Entries").EnumerateArray());
        Assert.Equal(["Source", "DetailType", "Detail"], sent.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task PutEventsAsync_AllEntriesAccepted_ReturnsEventIdsInOrder()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(200, Payloads.Read("eventbridge-put-events-success.json"));
        using var sut = CreateSut(server);

        var result = await sut.PutEventsAsync(Build.OrderCreatedBatch(2), Ct);

        Assert.Equal(["11710aed-b79e-4468-a20b-bb3c0c3b4860", "d804d26a-88db-4b66-9eaf-9a11c708ae82"], result.EventIds);
    }

    [Fact]
    public async Task PutEventsAsync_FailedEntryCountAboveZero_ThrowsListingEachFailedEntry()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(200, Payloads.Read("eventbridge-put-events-partial-failure.json"));
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<PutEventsFailedException>(() => sut.PutEventsAsync(Build.OrderCreatedBatch(3), Ct));

        Assert.Equal(3, error.EntryCount);
        Assert.Equal(
            [
                new PutEventsEntryFailure(1, "platform.orders", "Order Created", "InternalFailure", "Internal Service Failure"),
                new PutEventsEntryFailure(2, "platform.orders", "Order Created", "ThrottlingException", "Rate exceeded"),
            ],
            error.FailedEntries);
        Assert.Contains("InternalFailure", error.Message, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEventsAsync_FailedEntryCountWithoutErrorCodes_StillThrows()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(200, """{"FailedEntryCount":1,"Entries":[{}]}""");
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<PutEventsFailedException>(() => sut.PutEventsAsync([Build.OrderCreated()], Ct));

        Assert.Equal("Unknown", Assert.Single(error.FailedEntries).ErrorCode);
    }

    [Fact]
    public async Task PutEventsAsync_ValidationError400_ThrowsAwsServiceExceptionWithTypeAndMessage()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(
            400, Payloads.Read("eventbridge-validation-error.json"), ("x-amzn-RequestId", "req-123"));
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.PutEventsAsync([Build.OrderCreated()], Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("ValidationException", error.ErrorType);
        Assert.StartsWith("1 validation error detected", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal("EventBridge.PutEvents", error.Operation);
    }

    [Fact]
    public async Task PutEventsAsync_ServerError500WithErrorTypeHeader_UsesHeaderType()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(
            500,
            Payloads.Read("eventbridge-internal-error.json"),
            ("x-amzn-ErrorType", "InternalException:http://internal.amazon.com/coral/com.amazon.coral.service/"));
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.PutEventsAsync([Build.OrderCreated()], Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalException", error.ErrorType);
        Assert.Equal("An internal error occurred.", error.ErrorMessage);
    }

    [Fact]
    public async Task PutEventsAsync_NonJsonErrorBody_UsesStatusAsErrorType()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => new FakeResponse(502, "<html>Bad Gateway</html>", "text/html", new Dictionary<string, string>());
        using var sut = CreateSut(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sut.PutEventsAsync([Build.OrderCreated()], Ct));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("Http502", error.ErrorType);
    }

    [Fact]
    public async Task PutEventsAsync_TenEntries_SendsOneRequest()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);

        var result = await sut.PutEventsAsync(Build.OrderCreatedBatch(10), Ct);

        Assert.Equal(10, result.EventIds.Count);
        Assert.Equal(10, server.SingleRequest.Json.GetProperty("Entries").GetArrayLength());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task PutEventsAsync_EntryCountOutsideOneToTen_ThrowsWithoutSending(int count)
    {
        await using var server = FakeAwsServer.Start();
        using var sut = CreateSut(server);

        await Assert.ThrowsAsync<ArgumentException>(() => sut.PutEventsAsync(Build.OrderCreatedBatch(count), Ct));

        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(nameof(EventEntry.Source))]
    [InlineData(nameof(EventEntry.DetailType))]
    [InlineData(nameof(EventEntry.Detail))]
    public async Task PutEventsAsync_EntryMissingRequiredField_ThrowsNamingFieldWithoutSending(string field)
    {
        await using var server = FakeAwsServer.Start();
        using var sut = CreateSut(server);
        var entry = field switch
        {
            nameof(EventEntry.Source) => Build.OrderCreated() with { Source = "" },
            nameof(EventEntry.DetailType) => Build.OrderCreated() with { DetailType = " " },
            _ => Build.OrderCreated() with { Detail = "" },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.PutEventsAsync([Build.OrderCreated(), entry], Ct));

        Assert.Contains($"Entry 1 has no {field}", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PutEventsAsync_EntriesOverOneMegabyte_ThrowsWithoutSending()
    {
        await using var server = FakeAwsServer.Start();
        using var sut = CreateSut(server);
        var entry = Build.OrderCreated();
        var half = EventBridgeClient.MaxRequestEntrySizeBytes / 2;
        var big = entry with { Detail = Detail(half - EventBridgeClient.CalculateEntrySize(entry with { Detail = "" }) + 1) };

        await Assert.ThrowsAsync<ArgumentException>(() => sut.PutEventsAsync([big, big], Ct));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PutEventsAsync_EntriesExactlyOneMegabyte_AreSent()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = Accepted;
        using var sut = CreateSut(server);
        var entry = Build.OrderCreated();
        var exact = entry with
        {
            Detail = Detail(EventBridgeClient.MaxRequestEntrySizeBytes - EventBridgeClient.CalculateEntrySize(entry with { Detail = "" })),
        };

        await sut.PutEventsAsync([exact], Ct);

        Assert.Equal(1024 * 1024, EventBridgeClient.CalculateEntrySize(exact));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void CalculateEntrySize_EntryWithTimeAndResources_CountsUtf8BytesAsAwsDocuments()
    {
        var entry = new EventEntry
        {
            Source = "app",
            DetailType = "Bestellung eingegangen für",
            Detail = """{"k":"€"}""",
            Resources = ["arn:1", "arn:22"],
            Time = DateTimeOffset.UnixEpoch,
            EventBusName = "not-counted",
            TraceHeader = "not-counted",
        };

        // Time 14 + "app" 3 + detail-type 27 (ü is 2 bytes) + detail 11 (€ is 3 bytes) + resources 5 + 6.
        Assert.Equal(66, EventBridgeClient.CalculateEntrySize(entry));
    }

    private static string Detail(int totalBytes) => $$"""{"p":"{{new string('x', totalBytes - 8)}}"}""";
}
