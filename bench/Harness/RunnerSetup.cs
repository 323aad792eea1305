using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Bench.Harness;

/// <summary>
/// How the suites that need the local runner start it: Native AOT functions and the runner's Release build for real runs
/// (what the figures are about); JIT functions and the Debug build in smoke mode, reusing what the tests built.
/// </summary>
public static class RunnerSetup
{
    // The local end-to-end tests keep their JIT function builds here (tests/local/Support/BuildCache.cs).
    private static readonly string TestsJitCache = Path.Combine(Path.GetTempPath(), "platform-tests-local-cache", "build", "jit");

    private static readonly HashSet<string> Built = new(StringComparer.Ordinal);

    /// <summary>Builds the runner once per bench run and returns the launch for this mode.</summary>
    public static async Task<RunnerLaunch> PrepareAsync(BenchContext context, string purpose, string? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        configuration ??= context.Smoke ? "Debug" : "Release";
        if (Built.Add(configuration))
        {
            await LocalRunner.BuildAsync(context, configuration);
        }

        // One state directory per flavour, kept between bench runs: the runner keeps its function builds there.
        var state = context.Directory(context.Smoke ? "runner-state-jit" : "runner-state-aot");
        if (context.Smoke)
        {
            SeedJitBuilds(state);
        }
        else
        {
            await SeedAotBuildsAsync(context, state);
        }

        context.Say($"{purpose}: local runner ({configuration}), functions {(context.Smoke ? "JIT" : "Native AOT")}, state {Path.GetRelativePath(context.RepositoryRoot, state)}");
        return new RunnerLaunch { StateDirectory = state, Configuration = configuration, Jit = context.Smoke };
    }

    /// <summary>Starts the runner and waits for its summary; the first start may build every function (minutes).</summary>
    public static async Task<LocalRunner> StartAsync(BenchContext context, RunnerLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runner = LocalRunner.Start(context, launch);
        try
        {
            await runner.WaitUntilPrintedAsync(TimeSpan.FromMinutes(40), context.CancellationToken);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client for the gateway carrying the runner's development token.</summary>
    public static HttpClient Client(LocalRunner runner, int connections = 64)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = connections })
        {
            BaseAddress = runner.GatewayUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", runner.Token);
        return client;
    }

    public static async Task<string> CreateCustomerAsync(HttpClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var body = new JsonObject { ["email"] = $"bench+{Guid.NewGuid():N}@example.com", ["name"] = "Bench Customer" };
        using var response = await client.PostAsJsonAsync("users", body, cancellationToken);
        return await IdAsync(response, "POST /users", cancellationToken);
    }

    public static async Task<string> CreateProductAsync(HttpClient client, int stock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var sku = "BENCH-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var body = new JsonObject { ["name"] = "Bench product", ["priceCents"] = 1250, ["stock"] = stock };
        using var response = await client.PutAsJsonAsync("products/" + sku, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /products/{sku}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return sku;
    }

    public static JsonObject Order(string customerId, string sku) => new()
    {
        ["customerId"] = customerId,
        ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 1 }),
        ["paymentMethod"] = "pm_card_visa",
    };

    /// <summary>The <c>id</c> of a 201 response; throws with the status and body otherwise.</summary>
    public static async Task<string> IdAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Publishes every function through suite 1's cache (a check when suite 1 or the tests just did) and gives the runner
    /// those binaries with the source hash it computes, so it does not publish all of them again in its own obj folders.
    /// </summary>
    /// <remarks>The hash mirrors local/Runner/FunctionBuilder.cs; if the two ever differ, the runner simply rebuilds.</remarks>
    private static async Task SeedAotBuildsAsync(BenchContext context, string state)
    {
        if (!SeededAot.Add(state))
        {
            return;
        }

        var publisher = new AotPublisher(context);
        var functions = PlatformFunctions.All()
            .Select(f => publisher.Plan(f.Name, PlatformFunctions.ProjectFile(context.RepositoryRoot, f), "bootstrap"))
            .ToList();
        var hash = SourceHash(context.RepositoryRoot);
        await publisher.PublishAsync(functions);
        if (SourceHash(context.RepositoryRoot) != hash)
        {
            return; // Sources changed while publishing: let the runner build what it finds.
        }

        foreach (var function in functions)
        {
            var output = Path.Combine(state, "build", "aot", function.Name);
            Directory.CreateDirectory(output);
            File.Copy(function.NativePath, Path.Combine(output, "bootstrap"), overwrite: true);
            await File.WriteAllTextAsync(Path.Combine(output, ".source-hash"), hash, context.CancellationToken);
        }
    }

    private static readonly HashSet<string> SeededAot = new(StringComparer.Ordinal);

    private static string SourceHash(string repositoryRoot)
    {
        string[] buildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(Path.Combine(repositoryRoot, "functions"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Concat(buildFiles.Select(f => Path.Combine(repositoryRoot, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(repositoryRoot, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void SeedJitBuilds(string state)
    {
        if (!Directory.Exists(TestsJitCache))
        {
            return;
        }

        // The runner rebuilds any function whose source hash differs, so a stale copy costs a build, never a wrong binary.
        var target = Path.Combine(state, "build", "jit");
        foreach (var function in Directory.EnumerateDirectories(TestsJitCache))
        {
            var destination = Path.Combine(target, Path.GetFileName(function));
            var stamp = Path.Combine(function, ".source-hash");
            var ours = Path.Combine(destination, ".source-hash");
            if (File.Exists(stamp) && File.Exists(ours) && File.ReadAllText(stamp) == File.ReadAllText(ours))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(function, "*", SearchOption.AllDirectories))
            {
                var path = Path.Combine(destination, Path.GetRelativePath(function, file));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(file, path, overwrite: true);
            }
        }
    }
}
