using System.Net;
using System.Text;
using Platform.Local.Lambda;
using Platform.Local.Lambda.Internal;

namespace Platform.Tests.Local.Lambda;

public sealed class RuntimeApiServerTests : IAsyncLifetime
{
    private readonly RecordingRuntimeApi _api = new();
    private RuntimeApiServer _sut = null!;
    private HttpClient _client = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sut = await RuntimeApiServer.StartAsync(_api, Cancellation);
        _client = new HttpClient { BaseAddress = new Uri($"http://{_sut.HostAndPort}/2018-06-01/") };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _sut.DisposeAsync();
    }

    [Fact]
    public async Task Next_EventQueued_ReturnsItWithLambdaHeaders()
    {
        // Arrange
        var deadline = new DateTimeOffset(2026, 11, 25, 10, 0, 3, TimeSpan.Zero);
        _api.Next = new PendingInvocation("req-1", Encoding.UTF8.GetBytes("""{"a":1}"""), "Root=1-abc", """{"client":{}}""") { Deadline = deadline };

        // Act
        using var response = await _client.GetAsync(new Uri("runtime/invocation/next", UriKind.Relative), Cancellation);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req-1", Header(response, "Lambda-Runtime-Aws-Request-Id"));
        Assert.Equal(deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "Lambda-Runtime-Deadline-Ms"));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:f", Header(response, "Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Equal("Root=1-abc", Header(response, "Lambda-Runtime-Trace-Id"));
        Assert.Equal("""{"client":{}}""", Header(response, "Lambda-Runtime-Client-Context"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"a":1}""", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task PostError_WithErrorTypeHeader_PassesBodyAndHeaderAndAnswers202()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("runtime/invocation/req%2F1/error", UriKind.Relative))
        {
            Content = new StringContent("""{"errorType":"E","errorMessage":"m"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Function.Unhandled");

        // Act
        using var response = await _client.SendAsync(request, Cancellation);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"status":"OK"}""", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(("req/1", "Function.Unhandled"), (_api.ErrorRequestId, _api.ErrorType));
    }

    [Fact]
    public async Task PostResponse_OverLimit_PassesNoBody()
    {
        // Arrange
        using var content = new ByteArrayContent(new byte[PayloadLimits.Response + 1]);

        // Act
        using var response = await _client.PostAsync(new Uri("runtime/invocation/req-1/response", UriKind.Relative), content, Cancellation);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(_api.ResponseReceived);
        Assert.Null(_api.ResponseBody);
    }

    [Fact]
    public async Task UnknownPath_Returns404()
    {
        using var response = await _client.GetAsync(new Uri("runtime/unknown", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private sealed class RecordingRuntimeApi : IRuntimeApi
    {
        public PendingInvocation? Next { get; set; }

        public bool ResponseReceived { get; private set; }

        public byte[]? ResponseBody { get; private set; }

        public string? ErrorRequestId { get; private set; }

        public string? ErrorType { get; private set; }

        public string FunctionArn => "arn:aws:lambda:us-east-1:000000000000:function:f";

        public Task<PendingInvocation?> NextAsync(CancellationToken aborted) => Task.FromResult(Next);

        public ApiReply PostResponse(string requestId, byte[]? body)
        {
            ResponseReceived = true;
            ResponseBody = body;
            return ApiReply.Accepted;
        }

        public ApiReply PostError(string requestId, byte[] body, string? errorType)
        {
            (ErrorRequestId, ErrorType) = (requestId, errorType);
            return ApiReply.Accepted;
        }

        public ApiReply PostInitError(byte[] body, string? errorType) => ApiReply.Accepted;
    }
}
