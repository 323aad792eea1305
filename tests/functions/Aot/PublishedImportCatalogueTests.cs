using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Aot;

/// <summary>
/// The published import-catalogue binary against the loopback Runtime API, dynalite, the fake EventBridge and the S3
/// test double, configured only by environment variables (AWS_ENDPOINT_URL_S3 among them) as Lambda and the local runner configure it.
/// </summary>
[Collection(PublishedFunctionsGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PublishedImportCatalogueTests(PublishedFunctionsFixture published, DynaliteFixture dynalite) : IAsyncLifetime
{
    private const string Function = "import-catalogue";
    private const string Bucket = "platform-aot-catalogue";
    private const string AccessKeyId = "AKIDPUBLISHEDIMPORT";

    private TestPlatform platform = null!;
    private FakeS3Endpoint s3 = null!;

    public async ValueTask InitializeAsync()
    {
        platform = await TestPlatform.StartAsync(dynalite);
        s3 = await FakeS3Endpoint.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await s3.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task ImportCatalogue_PublishedBinary_ImportsOnceAndReportsThroughS3()
    {
        var evt = Upload("imports/catalogue 2026.csv", "sku,name,price,stock\nWIDGET-1,Widget,1250,40\nbad,Widget,1,1\n");
        await using var process = await StartAsync();

        var first = await process.InvokeAsync(evt.ToUtf8Json());
        var second = await process.InvokeAsync(evt.ToUtf8Json());

        Assert.Equal("imported 1, rejected 1, skipped 0", Outcome(first, process));
        Assert.Equal("already imported", Outcome(second, process));
        Assert.Equal(40, await platform.StockAsync("WIDGET-1"));
        var imported = Assert.Single(platform.Aws.EventsOf(EventContracts.CatalogueImported.DetailType));
        var detail = EventReaders.CatalogueImported(imported.Source, imported.DetailType, imported.DetailJson);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", imported.Authorization, StringComparison.Ordinal);
        var report = JsonDocument.Parse(s3.Get(Bucket, detail.ReportKey)!).RootElement;
        Assert.Equal(("imports/catalogue 2026.csv", 1), (report.GetProperty("key").GetString(), report.GetProperty("errorCount").GetInt32()));
        Assert.All(s3.Requests, r => Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/", r.Authorization, StringComparison.Ordinal));
        Assert.Empty(s3.Unexpected);
        TestContext.Current.SendDiagnosticMessage($"import-catalogue bootstrap: {new FileInfo(published.Bootstrap(Function)).Length} bytes.");
    }

    [Fact]
    public async Task ImportCatalogue_PublishedBinaryFileOverMaxImportBytes_RejectsItWithAReport()
    {
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => $"SKU-{i},Widget,1,1\n"));
        var evt = Upload("imports/big.csv", "sku,name,price,stock\n" + rows);
        await using var process = await StartAsync(maxImportBytes: "1024");

        var post = await process.InvokeAsync(evt.ToUtf8Json());

        Assert.Equal("rejected too_large", Outcome(post, process));
        Assert.Single(s3.Keys(Bucket, "reports/"));
        Assert.Equal(0, await platform.CountAsync("Product"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("1023")]
    [InlineData("2147483647")]
    public async Task Start_InvalidMaxImportBytes_PostsInitErrorNamingIt(string? value)
    {
        var environment = Environment();
        if (value is null)
        {
            environment.Remove("MAX_IMPORT_BYTES");
        }
        else
        {
            environment["MAX_IMPORT_BYTES"] = value;
        }

        await using var process = await FunctionProcess.StartAsync(published.Bootstrap(Function), environment);

        var error = await process.InitErrorAsync();

        Assert.Equal("Runtime.ConfigInvalid", error.ErrorType);
        Assert.Contains("MAX_IMPORT_BYTES", error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task Start_WithoutEventBusName_PostsInitErrorNamingIt()
    {
        var environment = Environment();
        environment.Remove("EVENT_BUS_NAME");
        await using var process = await FunctionProcess.StartAsync(published.Bootstrap(Function), environment);

        var error = await process.InitErrorAsync();

        Assert.Contains("EVENT_BUS_NAME", error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    private S3EventBuilder Upload(string key, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var eTag = s3.Put(Bucket, key, bytes);
        return S3EventBuilder.ObjectCreated(Bucket, key, eTag, bytes.Length, versionId: "v1");
    }

    private Task<FunctionProcess> StartAsync(string maxImportBytes = "52428800")
    {
        var environment = Environment();
        environment["MAX_IMPORT_BYTES"] = maxImportBytes;
        return FunctionProcess.StartAsync(published.Bootstrap(Function), environment);
    }

    /// <summary>What Lambda and the infrastructure program set for import-catalogue, with local endpoints.</summary>
    private Dictionary<string, string> Environment() => new()
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = Function,
        ["AWS_REGION"] = TestPlatform.Region,
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = "published-import-secret",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.ServiceUrl.ToString(),
        ["AWS_ENDPOINT_URL_S3"] = s3.Url.ToString(),
        ["AWS_ENDPOINT_URL"] = platform.Aws.Url.ToString(),
        ["TABLE_NAME"] = platform.TableName,
        ["EVENT_BUS_NAME"] = platform.BusName,
        ["MAX_IMPORT_BYTES"] = 52_428_800.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Outcome(RuntimePost post, FunctionProcess process)
    {
        Assert.False(post.IsError, post.Text + "\n" + process.Output);
        return post.Json.GetProperty("outcome").GetString();
    }
}
