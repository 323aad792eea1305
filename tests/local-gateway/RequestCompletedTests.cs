using System.Net;
using System.Threading.Channels;
using Platform.Local.Gateway;
using Platform.Tests.Local.Gateway.Support;

namespace Platform.Tests.Local.Gateway;

/// <summary><see cref="HttpApiGateway.RequestCompleted"/>: what the runner counts per route.</summary>
public sealed class RequestCompletedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("ok", 200)]
    [InlineData("error", 500)]
    [InlineData("throttled", 429)]
    public async Task RequestCompleted_MatchedRoute_ReportsTheRouteAndTheStatusTheClientGot(string outcome, int expectedStatus)
    {
        var integration = outcome switch
        {
            "ok" => FakeIntegration.Ok(),
            "error" => FakeIntegration.Answering(IntegrationResult.FunctionError()),
            _ => FakeIntegration.Answering(IntegrationResult.Throttled()),
        };
        await using var server = await new GatewayBuilder().Route("GET /orders/{id}", integration).StartAsync();
        var completed = Channel.CreateUnbounded<GatewayRequestCompleted>();
        server.Gateway.RequestCompleted += (_, request) => completed.Writer.TryWrite(request);

        using var response = await server.Client.GetAsync(new Uri("/orders/o-1", UriKind.Relative), TestContext.Current.CancellationToken);
        var reported = await completed.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("GET /orders/{id}", reported.RouteKey.Value);
        Assert.Equal(expectedStatus, reported.StatusCode);
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), reported.RequestId);
    }

    [Fact]
    public async Task RequestCompleted_NoMatchingRoute_IsNotRaised()
    {
        await using var server = await new GatewayBuilder().Route("GET /orders/{id}", FakeIntegration.Ok()).StartAsync();
        var completed = Channel.CreateUnbounded<GatewayRequestCompleted>();
        server.Gateway.RequestCompleted += (_, request) => completed.Writer.TryWrite(request);

        using var missing = await server.Client.GetAsync(new Uri("/nowhere", UriKind.Relative), TestContext.Current.CancellationToken);
        using var found = await server.Client.GetAsync(new Uri("/orders/o-2", UriKind.Relative), TestContext.Current.CancellationToken);
        var reported = await completed.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Deadline, TestContext.Current.CancellationToken);

        // Requests are answered in order on one connection, so the 404 would have been reported before the 200.
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(200, reported.StatusCode);
        Assert.False(completed.Reader.TryRead(out _));
    }
}
