// The smallest custom-runtime function: answer every event with "hello" until killed. No logging, no SDK, no settings.
using System.Net.Http.Headers;

var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
{
    BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
    Timeout = Timeout.InfiniteTimeSpan,
};
var hello = "\"hello\""u8.ToArray();
while (true)
{
    using var next = await http.GetAsync(new Uri("runtime/invocation/next", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    _ = await next.Content.ReadAsByteArrayAsync();
    using var content = new ByteArrayContent(hello);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var posted = await http.PostAsync(new Uri($"runtime/invocation/{requestId}/response", UriKind.Relative), content);
}
