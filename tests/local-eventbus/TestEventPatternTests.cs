using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

/// <summary>The documented pattern cases again, through TestEventPattern over real HTTP.</summary>
public sealed class TestEventPatternTests : IAsyncLifetime
{
    private EventBusServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EventBusServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(PatternCases.Matching), MemberType = typeof(PatternCases))]
    public async Task TestEventPattern_DocumentedCase_ReturnsDocumentedResult(string name)
    {
        var row = PatternCases.Get(name);

        var (status, body) = await _server.CallAsync("TestEventPattern", new { EventPattern = row.PatternJson, Event = WithEnvelope(row.EventJson!) });

        Assert.Equal(200, status);
        Assert.True(row.Matches == body.GetProperty("Result").GetBoolean(), $"{name} ({row.Doc})");
    }

    [Theory]
    [MemberData(nameof(PatternCases.Invalid), MemberType = typeof(PatternCases))]
    public async Task TestEventPattern_InvalidPattern_Returns400WithReason(string name)
    {
        var row = PatternCases.Get(name);

        var (status, body) = await _server.CallAsync("TestEventPattern", new { EventPattern = row.PatternJson, Event = WithEnvelope("{}") });

        Assert.Equal(400, status);
        Assert.Equal("InvalidEventPatternException", body.GetProperty("__type").GetString());
        Assert.Equal("Event pattern is not valid. Reason: " + row.Error, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TestEventPattern_EventWithoutEnvelopeFields_Returns400Validation()
    {
        var (status, body) = await _server.CallAsync("TestEventPattern", new { EventPattern = """{"source":["a"]}""", Event = """{"source":"a"}""" });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task TestEventPattern_MissingPattern_Returns400Validation()
    {
        var (status, body) = await _server.CallAsync("TestEventPattern", new { Event = WithEnvelope("{}") });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Handle_UnknownTarget_Returns400UnknownOperation()
    {
        var (status, body) = await _server.CallAsync("PutRule", "{}");

        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Handle_BodyNotJson_Returns400Serialization()
    {
        var (status, body) = await _server.CallAsync("TestEventPattern", "not json");

        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body.GetProperty("__type").GetString());
    }

    /// <summary>TestEventPattern requires the envelope fields; documented examples often show only the fields that matter.</summary>
    private static string WithEnvelope(string eventJson)
    {
        var evt = JsonNode.Parse(eventJson)!.AsObject();
        evt.TryAdd("id", "7bf73129-1428-4cd3-a780-95db273d1602");
        evt.TryAdd("account", "123456789012");
        evt.TryAdd("source", "com.example");
        evt.TryAdd("time", "2026-11-25T14:00:00Z");
        evt.TryAdd("region", "us-east-1");
        evt.TryAdd("resources", new JsonArray());
        evt.TryAdd("detail-type", "Example");
        return evt.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
