using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Platform.Functions.Shared.Runtime.Internal;

/// <summary>The Lambda Runtime API calls, over an <see cref="HttpClient"/> whose base address ends in /2018-06-01/.</summary>
internal sealed class RuntimeApiClient(HttpClient http)
{
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly Uri NextUri = new("runtime/invocation/next", UriKind.Relative);
    private static readonly Uri InitErrorUri = new("runtime/init/error", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Long-polls for the next event; the runtime may be frozen in between, so there is deliberately no timeout.</summary>
    public async Task<Invocation> GetNextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(NextUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET /runtime/invocation/next returned {(int)response.StatusCode}.", inner: null, response.StatusCode);
        }

        var headers = response.Headers;
        var requestId = Header(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("GET /runtime/invocation/next returned no Lambda-Runtime-Aws-Request-Id header.");
        DateTimeOffset? deadline = long.TryParse(
            Header(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs)
            : null;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        return new Invocation(
            requestId,
            deadline,
            Header(headers, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(headers, "Lambda-Runtime-Trace-Id"),
            Header(headers, "Lambda-Runtime-Client-Context"),
            Header(headers, "Lambda-Runtime-Cognito-Identity"),
            payload);
    }

    /// <summary>Posts the response; returns the status so the caller can handle 413 (response over the payload limit).</summary>
    public async Task<HttpStatusCode> PostResponseAsync(string requestId, ReadOnlyMemory<byte> payload)
    {
        using var content = new ReadOnlyMemoryContent(payload);
        content.Headers.ContentType = Json;
        using var response = await http.PostAsync(InvocationUri(requestId, "response"), content);
        return response.StatusCode;
    }

    public Task<HttpStatusCode> PostErrorAsync(string requestId, RuntimeError error) =>
        PostErrorAsync(InvocationUri(requestId, "error"), error);

    public Task<HttpStatusCode> PostInitErrorAsync(RuntimeError error) => PostErrorAsync(InitErrorUri, error);

    private static Uri InvocationUri(string requestId, string action) =>
        new($"runtime/invocation/{Uri.EscapeDataString(requestId)}/{action}", UriKind.Relative);

    private async Task<HttpStatusCode> PostErrorAsync(Uri uri, RuntimeError error)
    {
        using var content = new ByteArrayContent(error.ToJson());
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.Category);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // The Runtime API's headers are read as sent: validating and parsing them into typed values costs more than the loop.
    private static string? Header(HttpResponseHeaders headers, string name)
    {
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }
}
