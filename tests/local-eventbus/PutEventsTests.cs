using System.Text.Json;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

public sealed class PutEventsTests : IAsyncLifetime
{
    private EventBusServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await EventBusServer.StartAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static Dictionary<string, object?> Entry(string? source = "orders", string? detailType = "Order Created", string? detail = """{"orderId":"o-1"}""", string? bus = null) =>
        new Dictionary<string, object?>
        {
            ["Source"] = source,
            ["DetailType"] = detailType,
            ["Detail"] = detail,
            ["EventBusName"] = bus,
        }.Where(p => p.Value is not null).ToDictionary();

    [Fact]
    public async Task PutEvents_MixOfValidAndInvalidEntries_ReportsEachEntryAndFailedCount()
    {
        var entries = new[]
        {
            Entry(),
            Entry(source: null),
            Entry(detailType: null),
            Entry(detail: null),
            Entry(detail: "not json"),
            Entry(detail: "[1,2]"),
            Entry(bus: "arn:aws:events:us-east-1:000000000000:event-bus/orders"),
        };

        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = entries });

        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("FailedEntryCount").GetInt32());
        var results = body.GetProperty("Entries").EnumerateArray().ToList();
        Assert.Equal(entries.Length, results.Count);
        Assert.True(Guid.TryParse(results[0].GetProperty("EventId").GetString(), out _));
        AssertError(results[1], "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        AssertError(results[2], "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        AssertError(results[3], "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        AssertError(results[4], "MalformedDetail", "Detail is malformed.");
        AssertError(results[5], "MalformedDetail", "Detail is malformed.");
        Assert.Equal(results[6].GetProperty("EventId").GetString(), _server.Endpoint.Recent[^1].EventId);
        Assert.Equal("orders", _server.Endpoint.Recent[^1].BusName);
    }

    [Fact]
    public async Task PutEvents_BusThatDoesNotExist_AcceptsAndMatchesNothingAsAwsDoes()
    {
        _server.Endpoint.AddRule("default", "all", """{"source":["orders"]}""", new FakeTarget("arn:aws:lambda:us-east-1:000000000000:function:f"));

        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = new[] { Entry(bus: "missing") } });

        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("FailedEntryCount").GetInt32());
        var recent = Assert.Single(_server.Endpoint.Recent);
        Assert.Equal("missing", recent.BusName);
        Assert.Empty(recent.MatchedRules);
    }

    private static void AssertError(JsonElement result, string code, string message)
    {
        Assert.False(result.TryGetProperty("EventId", out _));
        Assert.Equal(code, result.GetProperty("ErrorCode").GetString());
        Assert.Equal(message, result.GetProperty("ErrorMessage").GetString());
    }

    [Fact]
    public async Task PutEvents_ElevenEntries_Returns400Validation()
    {
        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = Enumerable.Range(0, 11).Select(_ => Entry()).ToArray() });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Contains("less than or equal to 10", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEvents_NoEntries_Returns400Validation()
    {
        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = Array.Empty<object>() });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task PutEvents_EntriesOverOneMegabyte_Returns400Validation()
    {
        var large = JsonSerializer.Serialize(new { blob = new string('x', 600 * 1024) });

        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = new[] { Entry(detail: large), Entry(detail: large) } });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Equal("Total size of the entries in the request is over the limit.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PutEvents_EntryJustUnderOneMegabyte_IsAccepted()
    {
        var detail = JsonSerializer.Serialize(new { blob = new string('x', (1024 * 1024) - 100) });

        var (status, body) = await _server.CallAsync("PutEvents", new { Entries = new[] { Entry(detail: detail) } });

        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("FailedEntryCount").GetInt32());
    }
}
