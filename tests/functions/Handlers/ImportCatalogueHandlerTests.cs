using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Platform.Functions.ImportCatalogue;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Utilities.Adapters;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

/// <summary>
/// The handler composed as its Program.cs composes it: dynalite, the fake EventBridge, and the real AWSSDK.S3 client
/// against the S3 test double (path-style, as AWS_ENDPOINT_URL_S3 configures it).
/// </summary>
public sealed class ImportCatalogueHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private const string Bucket = "platform-test-catalogue";
    private const string Header = "sku,name,price,stock\n";

    private TestPlatform platform = null!;
    private FakeS3Endpoint s3 = null!;
    private Amazon.S3.AmazonS3Client s3Client = null!;

    public async ValueTask InitializeAsync()
    {
        platform = await TestPlatform.StartAsync(dynalite);
        s3 = await FakeS3Endpoint.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = TestPlatform.Region,
            ["AWS_ENDPOINT_URL_S3"] = s3.Url.ToString(),
        };
        s3Client = S3ImportObjectStore.CreateClient(new BasicAWSCredentials("AKIDIMPORTTESTS", "import-tests-secret"), name => environment.GetValueOrDefault(name));
    }

    public async ValueTask DisposeAsync()
    {
        s3Client.Dispose();
        await s3.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task HandleAsync_CsvWithABadRow_ImportsTheRestWritesTheReportAndPublishes()
    {
        var evt = Upload("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\nGADGET-7,Gadget,x,3\nMUG-1,\"Mug, large\",500,2\n");

        var outcome = await InvokeAsync(evt);

        Assert.Equal("imported 2, rejected 1, skipped 0", outcome.Outcome);
        Assert.Equal(40, await platform.StockAsync("WIDGET-1"));
        Assert.Equal("Mug, large", (await platform.Products.GetAsync("MUG-1", TestContext.Current.CancellationToken))!.Name);
        Assert.Null(await platform.Products.GetAsync("GADGET-7", TestContext.Current.CancellationToken));
        var published = Assert.Single(platform.Aws.EventsOf(EventContracts.CatalogueImported.DetailType));
        var detail = EventReaders.CatalogueImported(published.Source, published.DetailType, published.DetailJson);
        Assert.Equal((3, 2, 1, 0), (detail.RowsRead, detail.Imported, detail.Rejected, detail.Skipped));
        Assert.Equal(platform.BusName, published.EventBusName);
        var report = Report(detail.ReportKey);
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "price"), (error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Empty(s3.Unexpected);
    }

    [Fact]
    public async Task HandleAsync_ReadsPathStyleWithIfMatchAndWritesOnePlainSignedReport()
    {
        var evt = Upload("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        var eTag = evt.Records![0].S3!.Object!.ETag;

        await InvokeAsync(evt);

        var get = Assert.Single(s3.Requests, r => r.Method == "GET");
        Assert.Equal($"/{Bucket}/imports/catalogue.csv", get.Path);
        Assert.Equal($"\"{eTag}\"", get.IfMatch);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDIMPORTTESTS/", get.Authorization, StringComparison.Ordinal);
        var put = Assert.Single(s3.Requests, r => r.Method == "PUT");
        Assert.Equal($"/{Bucket}/reports/catalogue.csv.{eTag}.report.json", put.Path);
        Assert.DoesNotContain("STREAMING", put.ContentSha256 ?? "", StringComparison.Ordinal);
        Assert.Equal("imported", Report($"reports/catalogue.csv.{eTag}.report.json").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandleAsync_SameNotificationTwice_ChangesNothingTheSecondTime()
    {
        var evt = Upload("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        await InvokeAsync(evt);
        await platform.Products.ReserveAsync("WIDGET-1", "ord_1", 5, TestContext.Current.CancellationToken);

        var second = await InvokeAsync(evt);

        Assert.Equal("already imported", second.Outcome);
        Assert.Equal(35, await platform.StockAsync("WIDGET-1"));
        Assert.Single(platform.Aws.EventsOf(EventContracts.CatalogueImported.DetailType));
        Assert.Single(s3.Requests, r => r.Method == "GET");
        Assert.Single(s3.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task HandleAsync_NewVersionOfTheSameKey_IsImported()
    {
        await InvokeAsync(Upload("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n", versionId: "v1"));

        var second = await InvokeAsync(Upload("imports/catalogue.csv", Header + "WIDGET-1,Widget,1300,12\n", versionId: "v2"));

        Assert.Equal("imported 1, rejected 0, skipped 0", second.Outcome);
        Assert.Equal(12, await platform.StockAsync("WIDGET-1"));
        Assert.Equal(2, platform.Aws.EventsOf(EventContracts.CatalogueImported.DetailType).Count);
        Assert.Equal(["reports/catalogue.csv.v1.report.json", "reports/catalogue.csv.v2.report.json"], s3.Keys(Bucket, "reports/"));
    }

    [Fact]
    public async Task HandleAsync_ObjectReplacedSinceTheNotification_IsSupersededAndLogsIt()
    {
        var old = Upload("imports/catalogue.csv", Header + "WIDGET-1,Old,1,1\n");
        Upload("imports/catalogue.csv", Header + "WIDGET-1,New,2,2\n");

        var outcome = await InvokeAsync(old);

        Assert.Equal("superseded", outcome.Outcome);
        Assert.Null(await platform.Products.GetAsync("WIDGET-1", TestContext.Current.CancellationToken));
        Assert.Equal(412, Assert.Single(s3.Requests, r => r.Method == "GET").Status);
        Assert.Contains("a newer object's event will follow", platform.Log.ToString(), StringComparison.Ordinal);
        var detail = Assert.Single(platform.Aws.EventsOf(EventContracts.CatalogueImported.DetailType)).DetailJson;
        Assert.Equal(("superseded", "replaced"), (detail.GetProperty("status").GetString(), detail.GetProperty("reason").GetString()));
        Assert.Equal("superseded", Report(detail.GetProperty("reportKey").GetString()!).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandleAsync_KeyWithSpacesAndParentheses_IsDecodedAsS3EncodesIt()
    {
        var evt = Upload("imports/spring catalogue (2026).csv", Header + "WIDGET-1,Widget,1250,40\n");
        Assert.Equal("imports/spring+catalogue+%282026%29.csv", evt.Records![0].S3!.Object!.Key);

        var outcome = await InvokeAsync(evt);

        Assert.Equal("imported 1, rejected 0, skipped 0", outcome.Outcome);
        Assert.Contains($"reports/spring catalogue (2026).csv.{evt.Records[0].S3!.Object!.ETag}.report.json", s3.Keys(Bucket, "reports/"));
    }

    [Fact]
    public async Task HandleAsync_FileOverTheLimit_IsRejectedWithoutReadingIt()
    {
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => $"SKU-{i},Widget,1,1\n"));
        var evt = Upload("imports/big.csv", Header + rows);

        var outcome = await InvokeAsync(evt, maxImportBytes: 1_024);

        Assert.Equal("rejected too_large", outcome.Outcome);
        Assert.DoesNotContain(s3.Requests, r => r.Method == "GET");
        Assert.Equal(0, await platform.CountAsync("Product"));
    }

    [Fact]
    public async Task HandleAsync_JsonLinesFile_IsImported()
    {
        var evt = Upload("imports/catalogue.jsonl", """{"sku":"WIDGET-1","name":"Widget","price":1250,"stock":40}""" + "\n", contentType: "application/jsonl");

        var outcome = await InvokeAsync(evt);

        Assert.Equal("imported 1, rejected 0, skipped 0", outcome.Outcome);
    }

    [Fact]
    public async Task HandleAsync_RemovedEvent_IsIgnored()
    {
        var evt = new S3EventBuilder().WithBucket(Bucket).WithEventName("ObjectRemoved:Delete").Build();

        var outcome = await InvokeAsync(evt);

        Assert.Equal("ignored", outcome.Outcome);
        Assert.Empty(s3.Requests);
    }

    [Fact]
    public async Task HandleAsync_RecordWithoutETag_FailsTheInvocation()
    {
        var evt = new S3EventBuilder().WithBucket(Bucket).WithoutObjectField("eTag").Build();

        await Assert.ThrowsAsync<ContractViolationException>(() => InvokeAsync(evt));
    }

    private S3Event Upload(string key, string content, string? versionId = null, string contentType = "text/csv")
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var eTag = s3.Put(Bucket, key, bytes, contentType);
        return S3EventBuilder.ObjectCreated(Bucket, key, eTag, bytes.Length, versionId).Build();
    }

    private Task<HandlerOutcome> InvokeAsync(S3Event evt, long maxImportBytes = 52_428_800) =>
        CreateSut(maxImportBytes).HandleAsync(evt, platform.Context("import-catalogue"));

    private JsonElement Report(string key) => JsonDocument.Parse(s3.Get(Bucket, key) ?? throw new InvalidOperationException($"No report {key}.")).RootElement;

    // Mirrors the init lambda of the function's Program.cs.
    private ImportCatalogueHandler CreateSut(long maxImportBytes) => new(new CatalogueImportService(
        new DynamoDbImportLedger(platform.Dynamo, platform.TableName),
        new S3ImportObjectStore(s3Client),
        new CatalogueFileReader(),
        platform.Products,
        new EventBridgePublisher(platform.EventBridge, platform.BusName),
        new RandomIdGenerator(TimeProvider.System),
        TimeProvider.System,
        new CatalogueImportSettings(maxImportBytes)));
}
