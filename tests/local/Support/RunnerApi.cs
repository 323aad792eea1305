using System.Net;
using System.Text;
using System.Text.Json;

namespace Platform.Tests.Local.Support;

/// <summary>An answer of the runner's own API under <c>/_local/api/</c>.</summary>
public sealed record RunnerAnswer(HttpStatusCode Status, string Body, string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The <c>field</c> an error answer names, or null.</summary>
    public string? Field => Json.TryGetProperty("field", out var named) ? named.GetString() : null;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>The runner's API and page on the gateway's port, as the page's script calls them.</summary>
public sealed class RunnerApi(PlatformFixture platform)
{
    public Task<RunnerAnswer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)));

    /// <summary>POSTs <paramref name="json"/> with <paramref name="contentType"/> (the page sends application/json).</summary>
    public Task<RunnerAnswer> PostAsync(string path, string json = "", string contentType = "application/json") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, contentType) });

    /// <summary>One entry of <c>/_local/api/overview</c>'s <c>functions</c>.</summary>
    public async Task<JsonElement> FunctionAsync(string name)
    {
        var overview = await GetAsync("/_local/api/overview");
        Assert.True(overview.Status == HttpStatusCode.OK, overview.ToString());
        return overview.Json.GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
    }

    /// <summary>The traffic of one architecture edge in <c>/_local/api/overview</c>: (count, failed).</summary>
    public async Task<(long Count, long Failed)> EdgeAsync(string id)
    {
        var overview = await GetAsync("/_local/api/overview");
        Assert.True(overview.Status == HttpStatusCode.OK, overview.ToString());
        var edge = overview.Json.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        return (edge.GetProperty("count").GetInt64(), edge.GetProperty("failed").GetInt64());
    }

    private async Task<RunnerAnswer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await platform.Client.SendAsync(request, TestContext.Current.CancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return new RunnerAnswer(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
        }
    }
}
