using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.Local.Runner;
using Platform.Tests.Local.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Local;

/// <summary>Watch mode end to end: a runner of its own watching a copy of the sources, edited by the test.</summary>
public sealed class WatchModeTests : IAsyncDisposable
{
    private const string GetUserHandler = "functions/user-functions/get-user/GetUserHandler.cs";
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(12);
    private static readonly TimeSpan RebuildDeadline = TimeSpan.FromMinutes(6);
    private readonly SourceCopy _sources = new();
    private readonly TempDirectory _state = new();
    private readonly StringWriter _output = new();
    private readonly TextWriter _log;
    private LocalPlatform? _platform;
    private HttpClient? _client;

    public WatchModeTests() => _log = TextWriter.Synchronized(_output);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_FunctionSourceEdited_RebuildsOnlyThatFunctionAndOnBuildErrorShowsItAndKeepsOldBuildServing()
    {
        // Arrange
        await StartAsync();
        var unknownUser = "/users/usr_" + Guid.NewGuid().ToString("N")[..31];
        var before = await GetAsync(unknownUser);
        Assert.True(before.Status == HttpStatusCode.NotFound && before.Body.Contains("No user has this id.", StringComparison.Ordinal), before.ToString());

        // Act: an edit, then a syntax error.
        _sources.Replace(GetUserHandler, "No user has this id.", "No user has that id (watched).");
        var changed = await Poll.UntilAsync(
            () => GetAsync(unknownUser),
            answer => answer.Body.Contains("(watched)", StringComparison.Ordinal),
            RebuildDeadline,
            "get-user to answer with the edited message. Runner output:\n" + Log);
        var rebuilt = await BuildAsync("get-user");
        var untouched = await BuildAsync("create-order");

        _sources.Replace(GetUserHandler, "return error;", "return error");
        var failed = await Poll.UntilAsync(
            () => BuildAsync("get-user"),
            build => build?.GetProperty("state").GetString() == "failed",
            RebuildDeadline,
            "the broken build of get-user to be reported. Runner output:\n" + Log);
        var afterFailure = await GetAsync(unknownUser);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, changed.Status);
        Assert.Equal("ok", rebuilt?.GetProperty("state").GetString());
        Assert.Null(untouched);
        Assert.Contains("watch: rebuilding get-user…", Log, StringComparison.Ordinal);
        Assert.Contains("watch: get-user swapped in", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("rebuilding create-order", Log, StringComparison.Ordinal);

        var errors = failed!.Value.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, line => line.Contains("GetUserHandler.cs", StringComparison.Ordinal) && line.Contains("error CS1002", StringComparison.Ordinal));
        Assert.Contains("watch: building get-user failed", Log, StringComparison.Ordinal);
        // Each edit raises several file events; the debounce makes one build of each.
        Assert.Equal(2, Log.Split('\n').Count(line => line.StartsWith("watch: rebuilding", StringComparison.Ordinal)));
        Assert.Contains("error CS1002", Log, StringComparison.Ordinal);
        Assert.True(afterFailure.Status == HttpStatusCode.NotFound && afterFailure.Body.Contains("(watched)", StringComparison.Ordinal), afterFailure.ToString());
        await AssertPageShowsBuildErrorAsync("get-user", "CS1002");
    }

    private async Task AssertPageShowsBuildErrorAsync(string function, string error)
    {
        Assert.True(File.Exists(Chromium), $"Chromium is not installed at {Chromium}: install Debian's chromium package (apt-get install -y chromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        await page.GotoAsync(_platform!.PageUrl.ToString());

        var banner = page.Locator("#build-errors");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync($"{function}: build failed");
        await Expect(banner).ToContainTextAsync(error);
        await Expect(page.Locator($"#functions tr[data-function='{function}'] [data-stat='build']")).ToHaveAttributeAsync("data-build", "failed");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "watch-build-error.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        _sources.Dispose();
        _state.Dispose();
        _log.Dispose();
        _output.Dispose();
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _output.ToString();
            }
        }
    }

    private async Task StartAsync()
    {
        using var start = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        start.CancelAfter(StartDeadline);
        using (await BuildCache.AcquireAsync(StartDeadline))
        {
            // The copy's sources hash as the repository's do, so the cached builds of every function are reused.
            BuildCache.CopyTo(_state.Path);
            for (var attempt = 1; _platform is null; attempt++)
            {
                var options = PlatformFixture.Options(_state.Path, FreePorts.FindBase()) with { Watch = true, SourceRoot = _sources.Root };
                try
                {
                    _platform = await LocalPlatform.StartAsync(options, _log, start.Token);
                }
                catch (StartupException ex) when (attempt < 3 && ex.Message.Contains("already in use", StringComparison.Ordinal))
                {
                    // Another process took one of the ports after they were found free: try other ports.
                }
            }

            BuildCache.CopyFrom(_state.Path);
        }

        _client = new HttpClient { BaseAddress = _platform.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<RunnerAnswer> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _platform!.DevelopmentToken);
        using var response = await _client!.SendAsync(request, Cancellation);
        return new RunnerAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The <c>build</c> of one function in the page API's functions, or null when watch mode has not rebuilt it.</summary>
    private async Task<JsonElement?> BuildAsync(string function)
    {
        var answer = await GetAsync("/_local/api/functions");
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        var entry = answer.Json.GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("name").GetString() == function);
        return entry.TryGetProperty("build", out var build) ? build.Clone() : null;
    }
}
