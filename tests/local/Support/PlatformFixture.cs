using System.Net.Http.Headers;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Analytics;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Local.Runner;

[assembly: AssemblyFixture(typeof(Platform.Tests.Local.Support.PlatformFixture))]

namespace Platform.Tests.Local.Support;

/// <summary>One local platform for the whole assembly: JIT builds, its own state directory and ports, stopped at the end.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    // Twelve cold JIT builds take one to two minutes on two idle cores; a busy machine needs more. Cached runs take seconds.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(12);
    private readonly TempDirectory _state = new();
    private readonly StringWriter _output = new();
    private readonly TextWriter _log;

    private readonly Func<RunnerOptions, RunnerOptions> _customize;

    public PlatformFixture()
        : this(options => options)
    {
    }

    /// <summary>A platform of its own for tests that need other settings or break it on purpose (pause its store, kill its processes).</summary>
    internal PlatformFixture(Func<RunnerOptions, RunnerOptions> customize)
    {
        _customize = customize;
        _log = TextWriter.Synchronized(_output);
    }

    private LocalPlatform? _platform;

    internal LocalPlatform Platform => _platform ?? throw new InvalidOperationException("The local platform has not started.");

    /// <summary>A client for the gateway; requests add their own Authorization header (see <see cref="Authorized"/>).</summary>
    public HttpClient Client { get; private set; } = null!;

    public string StateDirectory => _state.Path;

    public int Port { get; private set; }

    /// <summary>The runner's start-up output, for failure messages.</summary>
    public string Log
    {
        get
        {
            // The synchronised writer locks itself while writing.
            lock (_log)
            {
                return _output.ToString();
            }
        }
    }

    internal static RunnerOptions Options(string stateDirectory, int port) => new()
    {
        RepositoryRoot = RepositoryRoot(),
        StateDirectory = stateDirectory,
        Port = port,
        Jit = true,
        Reset = true,
        AsyncRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
    };

    public async ValueTask InitializeAsync()
    {
        using var start = new CancellationTokenSource(StartDeadline);
        using (await BuildCache.AcquireAsync(StartDeadline))
        {
            BuildCache.CopyTo(_state.Path);
            for (var attempt = 1; _platform is null; attempt++)
            {
                Port = FreePorts.FindBase();
                try
                {
                    _platform = await LocalPlatform.StartAsync(_customize(Options(_state.Path, Port)), _log, start.Token);
                }
                catch (StartupException ex) when (attempt < 3 && ex.Message.Contains("already in use", StringComparison.Ordinal))
                {
                    // Another process took one of the five ports after they were found free: try other ports.
                }
                catch (Exception ex) when (ex is StartupException or OperationCanceledException)
                {
                    throw new InvalidOperationException($"The local platform did not start (deadline {StartDeadline.TotalMinutes} minutes). Its output:\n{Log}", ex);
                }
            }

            BuildCache.CopyFrom(_state.Path);
        }

        Client = new HttpClient { BaseAddress = Platform.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A request carrying the runner's development token.</summary>
    public HttpRequestMessage Authorized(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Platform.DevelopmentToken);
        return request;
    }

    /// <summary>A DynamoDB client for the runner's dynalite (port + 4) with dummy credentials.</summary>
    public AmazonDynamoDBClient CreateDynamoClient() => new(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{Port + 4}", AuthenticationRegion = LocalPlatform.Region });

    /// <summary>The product as stored, read through the product store.</summary>
    public async Task<Product?> GetProductAsync(string sku)
    {
        using var dynamo = CreateDynamoClient();
        var products = new DynamoDbProductStore(dynamo, LocalPlatform.TableName, TimeProvider.System);
        return await products.GetAsync(sku, TestContext.Current.CancellationToken);
    }

    /// <summary>The order as stored, read through the order store.</summary>
    public async Task<Order?> GetOrderAsync(string orderId)
    {
        using var dynamo = CreateDynamoClient();
        return await new DynamoDbOrderStore(dynamo, LocalPlatform.TableName).GetAsync(orderId, TestContext.Current.CancellationToken);
    }

    /// <summary>The idempotency record create-order keeps for a customer's <c>Idempotency-Key</c>, read through the idempotency store.</summary>
    public async Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string customerId, string idempotencyKey)
    {
        using var dynamo = CreateDynamoClient();
        var records = new DynamoDbIdempotencyStore(dynamo, LocalPlatform.TableName, TimeProvider.System);
        return await records.GetAsync($"create-order#{customerId}#{idempotencyKey}", TestContext.Current.CancellationToken);
    }

    /// <summary>The ids of the order rows of a customer, found by a scan of the table (orders have no index by customer).</summary>
    public async Task<IReadOnlyList<string>> OrderIdsOfCustomerAsync(string customerId)
    {
        using var dynamo = CreateDynamoClient();
        var ids = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = LocalPlatform.TableName,
                    FilterExpression = "begins_with(PK, :order) AND customerId = :customer",
                    ExpressionAttributeValues = new() { [":order"] = new AttributeValue("ORDER#"), [":customer"] = new AttributeValue(customerId) },
                    ExclusiveStartKey = start,
                },
                TestContext.Current.CancellationToken);
            ids.AddRange(page.Items.Select(item => item["PK"].S["ORDER#".Length..]));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return ids;
    }

    /// <summary>
    /// The analytics marker of an order (<c>ANALYTICS#&lt;day&gt;</c> / <c>ORDER#&lt;id&gt;</c>, see functions/shared/database/README.md):
    /// the total it was counted with, or null when it was not counted.
    /// </summary>
    public async Task<long?> GetAnalyticsCountedTotalAsync(DateOnly day, string orderId)
    {
        using var dynamo = CreateDynamoClient();
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = LocalPlatform.TableName,
                Key = new()
                {
                    ["PK"] = new AttributeValue("ANALYTICS#" + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                    ["SK"] = new AttributeValue("ORDER#" + orderId),
                },
                ConsistentRead = true,
            },
            TestContext.Current.CancellationToken);
        return response.Item is { Count: > 0 } item ? long.Parse(item["totalCents"].N, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The day's analytics totals, read through the analytics store.</summary>
    public async Task<DailyOrderTotals> GetDailyTotalsAsync(DateOnly day)
    {
        using var dynamo = CreateDynamoClient();
        return await new DynamoDbAnalyticsStore(dynamo, LocalPlatform.TableName).GetDailyTotalsAsync(day, TestContext.Current.CancellationToken);
    }

    /// <summary>The process id of this platform's dynalite (node running dynalite's cli.js on its state directory).</summary>
    public int DynaliteProcessId() =>
        Processes.Mentioning(Path.Combine(_state.Path, "dynamo"))
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts[1].Contains("dynalite", StringComparison.Ordinal) && !parts[1].StartsWith("/bin/sh", StringComparison.Ordinal))
            .Select(parts => int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture))
            .Single();

    /// <summary>The dead-letter and on-failure queues holding a message that mentions <paramref name="text"/>, as "name: count".</summary>
    /// <remarks>Filtered by the test's own ids: tests run in parallel on one platform, and some dead-letter poison on purpose.</remarks>
    public IReadOnlyList<string> FailureQueuesMentioning(string text) =>
    [
        .. Platform.Queues.ListQueues()
            .Where(name => name.EndsWith("-dlq", StringComparison.Ordinal) || name.EndsWith("-failures", StringComparison.Ordinal))
            .Select(name => (Name: name, Count: Platform.Queues.PeekMessages(name).Count(m => m.Body.Contains(text, StringComparison.Ordinal))))
            .Where(queue => queue.Count > 0)
            .Select(queue => $"{queue.Name}: {queue.Count}"),
    ];

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        _state.Dispose();
        _log.Dispose();
        _output.Dispose();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln was not found above the test assembly.");
    }
}
