using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class CatalogueImportServiceTests
{
    private const string Header = "sku,name,price,stock\n";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider time = new();
    private readonly InMemoryImportLedger ledger = new();
    private readonly InMemoryImportObjects objects = new();
    private readonly InMemoryProductStore products = new();
    private readonly RecordingEventPublisher events = new();

    [Fact]
    public async Task ImportAsync_ValidCsv_UpsertsEveryRowAndPublishesTheCounts()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\nGADGET-7,Gadget,99,0\n");

        var result = await ImportAsync(source);

        Assert.False(result.AlreadyImported);
        Assert.Equal((ImportStatus.Imported, new ImportCounts(2, 2, 0, 0)), (result.Outcome.Status, result.Outcome.Counts));
        Assert.Equal(("Widget", 1250L, 40), (products.Find("WIDGET-1")!.Name, products.Find("WIDGET-1")!.PriceCents, products.Find("WIDGET-1")!.Stock));
        Assert.Equal(0, products.Find("GADGET-7")!.Stock);
        var detail = events.SingleDetail(EventContracts.CatalogueImported);
        Assert.Equal("imported", detail.GetProperty("status").GetString());
        Assert.Equal((2, 2, 0, 0), Counts(detail));
        Assert.Equal(source.ETag, detail.GetProperty("eTag").GetString());
        Assert.Equal($"reports/catalogue.csv.{source.ETag}.report.json", detail.GetProperty("reportKey").GetString());
        Assert.Equal(result.ImportId, detail.GetProperty("importId").GetString());
    }

    [Fact]
    public async Task ImportAsync_ValidFile_WritesTheReportUnderReportsWithTheVersion()
    {
        var source = objects.Put("imports/2026/11/catalogue.jsonl", """{"sku":"WIDGET-1","name":"Widget","price":1250,"stock":40}""", versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");

        var result = await ImportAsync(source);

        Assert.Equal("reports/2026/11/catalogue.jsonl.3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY.report.json", Assert.Single(objects.ReportKeys));
        var report = objects.Report(result.Outcome.ReportKey);
        Assert.Equal("imports/2026/11/catalogue.jsonl", report.GetProperty("key").GetString());
        Assert.Equal(source.ETag, report.GetProperty("eTag").GetString());
        Assert.Equal("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", report.GetProperty("versionId").GetString());
        Assert.Equal("jsonl", report.GetProperty("format").GetString());
        Assert.Equal("imported", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("reason").ValueKind);
        Assert.Equal(1, report.GetProperty("counts").GetProperty("imported").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task ImportAsync_FileWithBadRows_ImportsTheGoodRowsAndReportsEachBadOneWithLineAndField()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\nwidget-2,Widget 2,1,1\nGADGET-7,Gadget,12.50,3\nMUG-1,Mug,500,2\n");

        var result = await ImportAsync(source);

        Assert.Equal(new ImportCounts(4, 2, 2, 0), result.Outcome.Counts);
        Assert.Equal(["MUG-1", "WIDGET-1"], products.ImportWrites.Keys.Order(StringComparer.Ordinal));
        var report = objects.Report(result.Outcome.ReportKey);
        Assert.Equal(
            [(3, "sku", "must be upper-case letters, digits and dashes"), (4, "price", "must be a whole number")],
            report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString())));
        Assert.Equal(2, report.GetProperty("errorCount").GetInt32());
        Assert.Equal((4, 2, 2, 0), Counts(events.SingleDetail(EventContracts.CatalogueImported)));
    }

    [Fact]
    public async Task ImportAsync_DuplicateSku_ImportsTheFirstRowAndRejectsTheLaterOneNamingTheFirstLine()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,First,100,1\nGADGET-7,Gadget,1,1\nWIDGET-1,Second,200,2\n");

        var result = await ImportAsync(source);

        Assert.Equal(new ImportCounts(3, 2, 1, 0), result.Outcome.Counts);
        Assert.Equal(("First", 100L), (products.Find("WIDGET-1")!.Name, products.Find("WIDGET-1")!.PriceCents));
        Assert.Equal(1, products.ImportWrites["WIDGET-1"]);
        var error = Assert.Single(objects.Report(result.Outcome.ReportKey).GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("sku", error.GetProperty("field").GetString());
        Assert.Equal("repeats the SKU of line 2, which is imported instead", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ImportAsync_ManyRowsOfOneSku_WritesOnlyTheFirstEvenWithWritesInFlight()
    {
        var rows = string.Concat(Enumerable.Range(1, 50).Select(i => $"SKU-{i % 3},Name {i},{i},{i}\n"));
        var source = objects.Put("imports/catalogue.csv", Header + rows);

        var result = await ImportAsync(source);

        Assert.Equal(new ImportCounts(50, 3, 47, 0), result.Outcome.Counts);
        Assert.Equal(("Name 3", "Name 1", "Name 2"), (products.Find("SKU-0")!.Name, products.Find("SKU-1")!.Name, products.Find("SKU-2")!.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sku,name,price,stock\n")]
    public async Task ImportAsync_EmptyFile_ReportsZeroCountsAndPublishes(string content)
    {
        var source = objects.Put("imports/empty.csv", content);

        var result = await ImportAsync(source);

        Assert.Equal((ImportStatus.Imported, ImportCounts.Zero), (result.Outcome.Status, result.Outcome.Counts));
        Assert.Equal((0, 0, 0, 0), Counts(events.SingleDetail(EventContracts.CatalogueImported)));
        Assert.Single(objects.ReportKeys);
    }

    [Theory]
    [InlineData("imports/catalogue.csv", "WIDGET-1,Widget,1,1\n", "invalid_content")]
    [InlineData("imports/catalogue.jsonl", "sku,name,price,stock\nWIDGET-1,Widget,1,1\n", "invalid_content")]
    [InlineData("imports/catalogue.xlsx", "sku,name,price,stock\nWIDGET-1,Widget,1,1\n", "unsupported_format")]
    [InlineData("imports/catalogue", "sku,name,price,stock\nWIDGET-1,Widget,1,1\n", "unsupported_format")]
    public async Task ImportAsync_WrongContent_RejectsTheFileWithAReportAndImportsNothing(string key, string content, string reason)
    {
        var source = objects.Put(key, content);

        var result = await ImportAsync(source);

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Equal(0, products.Count);
        var report = objects.Report(result.Outcome.ReportKey);
        Assert.Equal(("rejected", reason), (report.GetProperty("status").GetString(), report.GetProperty("reason").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(report.GetProperty("message").GetString()));
        var detail = events.SingleDetail(EventContracts.CatalogueImported);
        Assert.Equal(("rejected", reason), (detail.GetProperty("status").GetString(), detail.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task ImportAsync_BinaryFile_IsRejectedAsNotText()
    {
        var source = objects.Put("imports/catalogue.csv", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);

        var result = await ImportAsync(source);

        Assert.Equal((ImportStatus.Rejected, ImportReason.NotText), (result.Outcome.Status, result.Outcome.Reason));
    }

    [Theory]
    [InlineData("text/csv", ImportStatus.Imported)]
    [InlineData("text/csv; charset=utf-8", ImportStatus.Imported)]
    [InlineData("application/octet-stream", ImportStatus.Rejected)]
    public async Task ImportAsync_KeyWithoutExtension_FallsBackOnTheContentType(string contentType, ImportStatus status)
    {
        var source = objects.Put("imports/catalogue", Header + "WIDGET-1,Widget,1,1\n", contentType);

        var result = await ImportAsync(source);

        Assert.Equal(status, result.Outcome.Status);
    }

    [Fact]
    public async Task ImportAsync_NotifiedSizeOverTheLimit_RejectsWithoutReadingTheObject()
    {
        var source = objects.Put("imports/big.csv", Header + "WIDGET-1,Widget,1,1\n") with { Size = 2_000 };

        var result = await ImportAsync(source, maxImportBytes: 1_000);

        Assert.Equal((ImportStatus.Rejected, ImportReason.TooLarge), (result.Outcome.Status, result.Outcome.Reason));
        Assert.Equal(0, objects.Opens);
        Assert.Equal(0, products.Count);
        Assert.Contains("1000 bytes (MAX_IMPORT_BYTES)", objects.Report(result.Outcome.ReportKey).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_ContentLengthOverTheLimit_RejectsBeforeAnyRowIsWritten()
    {
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => $"SKU-{i},Widget,1,1\n"));
        var source = objects.Put("imports/big.csv", Header + rows) with { Size = null };

        var result = await ImportAsync(source, maxImportBytes: 1_024);

        Assert.Equal((ImportStatus.Rejected, ImportReason.TooLarge), (result.Outcome.Status, result.Outcome.Reason));
        Assert.Equal(0, products.Count);
    }

    [Fact]
    public async Task ImportAsync_ObjectLongerThanAnnounced_FailsInsteadOfImportingPastTheLimit()
    {
        var rows = string.Concat(Enumerable.Range(0, 200).Select(i => $"SKU-{i},Widget,1,1\n"));
        var source = objects.Put("imports/big.csv", Header + rows) with { Size = 100 };
        objects.AnnouncedLength = 100;

        await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(source, maxImportBytes: 1_024));

        Assert.Empty(events.Published);
        Assert.Equal(ImportStage.Processing, ledger.Of(source).Stage);
    }

    [Fact]
    public async Task ImportAsync_ObjectReplacedBeforeItIsRead_IsSupersededWithAReportAndNothingImported()
    {
        var old = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Old,1,1\n");
        objects.Put("imports/catalogue.csv", Header + "WIDGET-1,New,2,2\n");

        var result = await ImportAsync(old);

        Assert.Equal((ImportStatus.Superseded, ImportReason.Replaced), (result.Outcome.Status, result.Outcome.Reason));
        Assert.Equal(0, products.Count);
        Assert.Equal("superseded", objects.Report(old.ReportKey).GetProperty("status").GetString());
        Assert.Equal("replaced", events.SingleDetail(EventContracts.CatalogueImported).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ImportAsync_ObjectDeletedBeforeItIsRead_IsSuperseded()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1,1\n");
        objects.Delete("imports/catalogue.csv");

        var result = await ImportAsync(source);

        Assert.Equal((ImportStatus.Superseded, ImportReason.Deleted), (result.Outcome.Status, result.Outcome.Reason));
    }

    [Fact]
    public async Task ImportAsync_SameNotificationTwice_ChangesNothingTheSecondTime()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        var first = await ImportAsync(source);
        time.Advance(TimeSpan.FromMinutes(1));

        var second = await ImportAsync(source);

        Assert.True(second.AlreadyImported);
        Assert.Equal(first.ImportId, second.ImportId);
        Assert.Equal(first.Outcome, second.Outcome);
        Assert.Equal(1, products.ImportWrites["WIDGET-1"]);
        Assert.Single(events.Published);
        Assert.Equal((1, 1), (objects.Opens, objects.ReportWrites));
    }

    [Fact]
    public async Task ImportAsync_NewVersionOfTheSameKey_IsImported()
    {
        var first = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n", versionId: "v1");
        await ImportAsync(first);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1300,35\n", versionId: "v2");

        var result = await ImportAsync(second);

        Assert.False(result.AlreadyImported);
        Assert.Equal((1300L, 35), (products.Find("WIDGET-1")!.PriceCents, products.Find("WIDGET-1")!.Stock));
        Assert.Equal(2, events.Of(EventContracts.CatalogueImported).Count);
        Assert.Equal(2, objects.ReportKeys.Count);
    }

    [Fact]
    public async Task ImportAsync_SameBytesUploadedAgainUnversioned_IsOneImport()
    {
        // Without versioning the ETag is the identity: the same bytes again are the same import.
        var first = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        await ImportAsync(first);

        var again = await ImportAsync(objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n"));

        Assert.True(again.AlreadyImported);
    }

    [Fact]
    public async Task ImportAsync_RetryAfterACrashMidFile_FinishesWithoutWritingOrCountingAnyRowTwice()
    {
        var rows = string.Concat(Enumerable.Range(1, 40).Select(i => $"SKU-{i},Widget,{i},{i}\n"));
        var source = objects.Put("imports/catalogue.csv", Header + "bad,row,x,y\n" + rows);
        products.ImportWritesBeforeFailure = 25;
        await Assert.ThrowsAsync<InjectedFailureException>(() => ImportAsync(source));
        Assert.Empty(events.Published);
        products.ImportWritesBeforeFailure = null;
        time.Advance(TimeSpan.FromMinutes(1));

        var retry = await ImportAsync(source);

        Assert.Equal(new ImportCounts(41, 40, 1, 0), retry.Outcome.Counts);
        Assert.All(products.ImportWrites.Values, writes => Assert.Equal(1, writes));
        Assert.Equal(40, products.ImportWrites.Count);
        Assert.Equal((41, 40, 1, 0), Counts(events.SingleDetail(EventContracts.CatalogueImported)));
    }

    [Fact]
    public async Task ImportAsync_RetryAfterAFailedPublish_PublishesOnceFromTheRecordWithoutReadingAgain()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        events.FailuresToInject = 1;
        await Assert.ThrowsAsync<InjectedFailureException>(() => ImportAsync(source));
        Assert.Equal(ImportStage.Completed, ledger.Of(source).Stage);

        var retry = await ImportAsync(source);

        Assert.False(retry.AlreadyImported);
        Assert.Equal(new ImportCounts(1, 1, 0, 0), retry.Outcome.Counts);
        Assert.Single(events.Published);
        Assert.Equal((1, 1), (objects.Opens, objects.ReportWrites));
        Assert.Equal(ImportStage.Published, ledger.Of(source).Stage);
    }

    [Fact]
    public async Task ImportAsync_WhileAnotherInvocationHoldsTheLease_ThrowsSoTheTriggerRetriesLater()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        var running = ledger.BeginAsync(source, new ImportRecord("imp_" + new string('0', 31), time.GetUtcNow(), ImportStage.Processing, "other", time.GetUtcNow() + Lease, null, time.GetUtcNow().AddDays(30)), Ct);
        await running;

        await Assert.ThrowsAsync<ImportInProgressException>(() => ImportAsync(source));

        Assert.Equal(0, objects.Opens);
        Assert.Equal("other", ledger.Of(source).LeaseToken);
    }

    [Fact]
    public async Task ImportAsync_LeaseOfADeadInvocationRunOut_TakesOverAndFinishes()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "WIDGET-1,Widget,1250,40\n");
        await ledger.BeginAsync(source, new ImportRecord("imp_" + new string('0', 31), time.GetUtcNow(), ImportStage.Processing, "dead", time.GetUtcNow() + Lease, null, time.GetUtcNow().AddDays(30)), Ct);
        time.Advance(Lease + TimeSpan.FromSeconds(1));

        var result = await ImportAsync(source);

        Assert.Equal("imp_" + new string('0', 31), result.ImportId);
        Assert.Equal(ImportStage.Published, ledger.Of(source).Stage);
        Assert.Single(events.Published);
    }

    [Fact]
    public async Task ImportAsync_LateRetryOfAnOlderImport_LeavesTheNewerImportsValues()
    {
        var older = objects.Put("imports/a.csv", Header + "WIDGET-1,Old,100,1\nGADGET-7,Gadget,1,1\n");
        products.ImportWritesBeforeFailure = 0;
        await Assert.ThrowsAsync<InjectedFailureException>(() => ImportAsync(older));
        products.ImportWritesBeforeFailure = null;
        time.Advance(TimeSpan.FromMinutes(1));
        await ImportAsync(objects.Put("imports/b.csv", Header + "WIDGET-1,New,200,2\n"));
        time.Advance(TimeSpan.FromMinutes(2));

        var retry = await ImportAsync(older);

        Assert.Equal(new ImportCounts(2, 1, 0, 1), retry.Outcome.Counts);
        Assert.Equal("New", products.Find("WIDGET-1")!.Name);
    }

    [Fact]
    public async Task ImportAsync_MoreErrorsThanTheReportLists_ListsTheFirstAndCountsThemAll()
    {
        var rows = string.Concat(Enumerable.Range(1, 30).Select(i => $"bad-{i},Widget,1,1\n"));
        var source = objects.Put("imports/catalogue.csv", Header + rows);

        var result = await CreateSut(maxListedErrors: 10).ImportAsync(source, time.GetUtcNow() + Lease, Ct);

        var report = objects.Report(result.Outcome.ReportKey);
        Assert.Equal(10, report.GetProperty("errors").GetArrayLength());
        Assert.Equal(30, report.GetProperty("errorCount").GetInt32());
        Assert.Equal(2, report.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Equal(30, result.Outcome.Counts.Rejected);
    }

    [Fact]
    public async Task ImportAsync_KeyOutsideImports_ViolatesTheTriggersContract()
    {
        var source = objects.Put("reports/catalogue.csv", Header);

        await Assert.ThrowsAsync<ContractViolationException>(() => ImportAsync(source));

        Assert.Empty(ledger.All);
    }

    [Fact]
    public async Task ImportAsync_ReportNeverEchoesRowValues()
    {
        var source = objects.Put("imports/catalogue.csv", Header + "secret-sku-value,Widget,not-a-price-value,1\n");

        var result = await ImportAsync(source);

        var text = objects.Report(result.Outcome.ReportKey).GetRawText();
        Assert.DoesNotContain("secret-sku-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-price-value", text, StringComparison.Ordinal);
    }

    private Task<ImportResult> ImportAsync(ImportObject source, long maxImportBytes = 50 * 1024 * 1024) =>
        CreateSut(maxImportBytes).ImportAsync(source, time.GetUtcNow() + Lease, Ct);

    private CatalogueImportService CreateSut(long maxImportBytes = 50 * 1024 * 1024, int maxListedErrors = 1000) => new(
        ledger,
        objects,
        new CatalogueFileReader(),
        products,
        events,
        new RandomIdGenerator(time),
        time,
        new CatalogueImportSettings(maxImportBytes) { MaxListedErrors = maxListedErrors, MaxConcurrentWrites = 4 });

    private static (int RowsRead, int Imported, int Rejected, int Skipped) Counts(JsonElement detail) => (
        detail.GetProperty("rowsRead").GetInt32(),
        detail.GetProperty("imported").GetInt32(),
        detail.GetProperty("rejected").GetInt32(),
        detail.GetProperty("skipped").GetInt32());
}
