using System.Text.Json;
using System.Threading.Channels;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary>The X-Ray trace header: honoured when a request brings one, created otherwise, and handed to the integration.</summary>
public sealed class TraceHeaderTests
{
    private const string Incoming = "Root=1-6753a1b2-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HandleAsync_WellFormedIncomingHeader_PassesItUnchangedToTheEventAndTheInvocation()
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /orders", function).StartAsync();
        var completed = Channel.CreateUnbounded<GatewayRequestCompleted>();
        server.Gateway.RequestCompleted += (_, request) => completed.Writer.TryWrite(request);

        using var response = await SendAsync(server, Incoming);
        var reported = await completed.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(Incoming, function.Invocations.Single().TraceId);
        Assert.Equal(Incoming, function.LastEvent.GetProperty("headers").GetProperty("x-amzn-trace-id").GetString());
        Assert.Equal(Incoming, reported.TraceId);
        Assert.True(reported.Duration >= TimeSpan.Zero);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Root=1-nothex00-0123456789abcdef01234567")]
    [InlineData("Root=1-6753a1b2-0123;Sampled=1")]
    [InlineData("garbage")]
    public async Task HandleAsync_MissingOrMalformedHeader_CreatesANewAwsFormatTraceId(string? incoming)
    {
        var function = FakeIntegration.Ok();
        await using var server = await new GatewayBuilder().Route("POST /orders", function).StartAsync();

        using var first = await SendAsync(server, incoming);
        using var second = await SendAsync(server, incoming);

        var traceIds = function.Invocations.Select(invocation => invocation.TraceId!).ToList();
        Assert.All(traceIds, id => Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$", id));
        Assert.NotEqual(traceIds[0], traceIds[1]);
        var events = function.Invocations.Select(invocation => JsonDocument.Parse(invocation.Payload).RootElement.GetProperty("headers").GetProperty("x-amzn-trace-id").GetString()!).ToList();
        Assert.Equal(traceIds, events);
    }

    [Theory]
    [InlineData("Root=1-6753a1b2-0123456789ABCDEF01234567;Parent=89abcdef01234567", "1-6753a1b2-0123456789abcdef01234567")]
    [InlineData("Sampled=0;Root=1-6753a1b2-0123456789abcdef01234567", "1-6753a1b2-0123456789abcdef01234567")]
    [InlineData("Root=2-6753a1b2-0123456789abcdef01234567", null)]
    [InlineData("", null)]
    public void Root_Header_ReturnsTheLowerCaseTraceIdOrNull(string header, string? expected) =>
        Assert.Equal(expected, TraceHeader.Root(header));

    private static async Task<HttpResponseMessage> SendAsync(GatewayServer server, string? traceHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative)) { Content = new StringContent("{}") };
        if (traceHeader is not null)
        {
            request.Headers.TryAddWithoutValidation(TraceHeader.Name, traceHeader);
        }

        return await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
