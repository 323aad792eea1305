using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Local.Runner;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>Catalogue files uploaded with the real S3 client to the runner's bucket, imported by the function the notification invokes.</summary>
public sealed class CatalogueImportTests(PlatformFixture platform) : IDisposable
{
    private static readonly TimeSpan ReportDeadline = TimeSpan.FromSeconds(90);
    private static readonly string Bucket = LocalPlatform.BucketName("catalogue");
    private readonly AmazonS3Client _s3 = new(
        new BasicAWSCredentials("local", "local"),
        new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{platform.Port + 5}", ForcePathStyle = true, AuthenticationRegion = LocalPlatform.Region });

    [Fact]
    public async Task Import_ValidCsv_UpsertsProductsWritesReportAndPublishesOneEvent()
    {
        // Arrange
        var (a, b) = (NewSku(), NewSku());
        var csv = $"sku,name,price,stock\n{a},Imported lamp,2599,12\n{b},\"Imported chair, oak\",10999,3\n";

        // Act
        var (key, put) = await UploadAsync("valid.csv", csv);

        // Assert
        var report = await WaitForReportAsync(key, put);
        Assert.True(report.GetProperty("status").GetString() == "imported", report.ToString());
        Assert.Equal(2, report.GetProperty("counts").GetProperty("imported").GetInt32());
        Assert.Equal(0, report.GetProperty("counts").GetProperty("rejected").GetInt32());
        var lamp = await platform.GetProductAsync(a);
        Assert.NotNull(lamp);
        Assert.Equal(("Imported lamp", 12), (lamp.Name, lamp.Stock));
        var chair = await platform.GetProductAsync(b);
        Assert.NotNull(chair);
        Assert.Equal(("Imported chair, oak", 3), (chair.Name, chair.Stock));
        var imported = await WaitForImportedEventAsync(key);
        AssertEvent(imported, key, put, "imported", reason: null, rowsRead: 2, importedRows: 2, rejected: 0, skipped: 0);
        Assert.Equal("Catalogue Imported", Assert.Single(platform.EventsMentioning(key)));
        Assert.Empty(platform.FailureQueuesMentioning(key));
    }

    [Fact]
    public async Task Import_BadRows_ImportsTheGoodOnesAndListsEachBadLineWithItsReason()
    {
        // Arrange
        var (good, bad) = (NewSku(), NewSku());
        var jsonl = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{{\"sku\":\"{good}\",\"name\":\"Good row\",\"price\":500,\"stock\":4}}\n")
            .Append(CultureInfo.InvariantCulture, $"{{\"sku\":\"{bad}\",\"name\":\"Negative stock\",\"price\":500,\"stock\":-1}}\n")
            .Append("not json at all\n")
            .ToString();

        // Act
        var (key, put) = await UploadAsync("mixed.jsonl", jsonl);

        // Assert
        var report = await WaitForReportAsync(key, put);
        Assert.True(report.GetProperty("status").GetString() == "imported", report.ToString());
        Assert.Equal(1, report.GetProperty("counts").GetProperty("imported").GetInt32());
        Assert.Equal(2, report.GetProperty("counts").GetProperty("rejected").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString())).ToList();
        Assert.Equal([2, 3], errors.Select(e => e.Line));
        Assert.Equal("stock", errors[0].Field);
        Assert.NotNull(await platform.GetProductAsync(good));
        Assert.Null(await platform.GetProductAsync(bad));
        AssertEvent(await WaitForImportedEventAsync(key), key, put, "imported", reason: null, rowsRead: 3, importedRows: 1, rejected: 2, skipped: 0);
    }

    [Fact]
    public async Task Import_SameNotificationDeliveredTwiceThroughTheRunner_SecondDeliveryChangesNothing()
    {
        // Arrange
        var sku = NewSku();
        var (key, put) = await UploadAsync("twice.csv", $"sku,name,price,stock\n{sku},Delivered twice,100,7\n");
        var first = await WaitForReportAsync(key, put);
        await WaitForImportedEventAsync(key);
        var productBefore = await platform.GetProductAsync(sku);
        var function = platform.Platform.Functions["import-catalogue"];
        var (invocationsBefore, errorsBefore) = (function.Stats.Invocations, function.Stats.Errors);

        // Act: S3 delivers at least once; the runner sends the stored record again through the notification and the async invoker.
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["notify", key, "--port", platform.Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));

        // Assert
        Assert.True(exitCode == 0, output);
        var size = Encoding.UTF8.GetByteCount($"sku,name,price,stock\n{sku},Delivered twice,100,7\n");
        Assert.Contains(
            $"Delivered ObjectCreated:Put of {Bucket}/{key} again to import-catalogue (size {size}, eTag {put.ETag.Trim('"')}, versionId {put.VersionId}, sequencer ",
            output,
            StringComparison.Ordinal);
        await Poll.UntilAsync(
            () => function.Stats.Invocations > invocationsBefore && platform.Platform.Storage.PendingNotifications == 0 && platform.Platform.AsyncInvokers["import-catalogue"].Pending == 0,
            TimeSpan.FromSeconds(60),
            "the second delivery to be invoked and finished");
        Assert.Equal(errorsBefore, function.Stats.Errors);
        Assert.Single(platform.EventsMentioning(key));
        var again = await ReadReportAsync(key, put);
        Assert.Equal(first.GetProperty("completedAt").GetString(), again.GetProperty("completedAt").GetString());
        Assert.Equal(productBefore, await platform.GetProductAsync(sku));
        Assert.Empty(platform.FailureQueuesMentioning(key));
    }

    [Fact]
    public async Task NotifyApi_StoredObject_SendsTheStoredRecordAgainAndUnknownKeyIs404()
    {
        // Arrange
        var (key, put) = await UploadAsync("notify-api.csv", "sku,name,price,stock\n");
        await WaitForReportAsync(key, put);
        var api = new RunnerApi(platform);

        // Act
        var again = await api.PostAsync($"/_local/api/buckets/{Bucket}/notify", $$"""{"key":"{{key}}"}""");
        var twice = await api.PostAsync($"/_local/api/buckets/{Bucket}/notify", $$"""{"key":"{{key}}","versionId":"{{put.VersionId}}"}""");
        var missing = await api.PostAsync($"/_local/api/buckets/{Bucket}/notify", """{"key":"imports/no-such-file.csv"}""");
        var noKey = await api.PostAsync($"/_local/api/buckets/{Bucket}/notify", "{}");

        // Assert
        Assert.True(again.Status == HttpStatusCode.Accepted, again.ToString());
        Assert.Equal(1, again.Json.GetProperty("delivered").GetInt32());
        var record = again.Json.GetProperty("notifications")[0].GetProperty("Records")[0];
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("import-catalogue", record.GetProperty("s3").GetProperty("configurationId").GetString());
        var stored = record.GetProperty("s3").GetProperty("object");
        Assert.Equal(key, stored.GetProperty("key").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount("sku,name,price,stock\n"), stored.GetProperty("size").GetInt64());
        Assert.Equal(put.ETag.Trim('"'), stored.GetProperty("eTag").GetString());
        Assert.Equal(put.VersionId, stored.GetProperty("versionId").GetString());
        Assert.True(twice.Status == HttpStatusCode.Accepted, twice.ToString());
        Assert.Equal(record.GetRawText(), twice.Json.GetProperty("notifications")[0].GetProperty("Records")[0].GetRawText());
        Assert.True(missing.Status == HttpStatusCode.NotFound, missing.ToString());
        Assert.Contains("NoSuchKey", missing.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(noKey.Status == HttpStatusCode.BadRequest, noKey.ToString());
    }

    [Fact]
    public async Task Import_FunctionFailsOnEveryAttempt_RetriedThenOnFailureQueueWithAwsRecordShape()
    {
        // Arrange: a key so long (1,000 of S3's 1,024 bytes) that the report's key, the version id and ".report.json" added, is
        // over S3's limit: writing the report fails on every attempt, deterministically and without changing any code.
        var name = Guid.NewGuid().ToString("N") + "-";
        var key = "imports/" + name + new string('k', 1000 - "imports/".Length - name.Length - ".csv".Length) + ".csv";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("sku,name,price,stock\n"));
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream }, TestContext.Current.CancellationToken);

        // Act
        var body = await Poll.UntilAsync(
            () => Task.FromResult(platform.Platform.Queues.PeekMessages("import-catalogue-failures").Select(m => m.Body).FirstOrDefault(b => b.Contains(key, StringComparison.Ordinal))),
            found => found is not null,
            TimeSpan.FromSeconds(90),
            "the failed import's record in import-catalogue-failures");

        // Assert: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
        using var document = JsonDocument.Parse(body!);
        var root = document.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, out _), body);
        var context = root.GetProperty("requestContext");
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.EndsWith(":function:import-catalogue:$LATEST", context.GetProperty("functionArn").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(context.GetProperty("requestId").GetString()));
        var record = Assert.Single(root.GetProperty("requestPayload").GetProperty("Records").EnumerateArray());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal(key, record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(put.VersionId, record.GetProperty("s3").GetProperty("object").GetProperty("versionId").GetString());
        var response = root.GetProperty("responseContext");
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", response.GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", response.GetProperty("functionError").GetString());
        var error = root.GetProperty("responsePayload");
        Assert.Equal("AmazonS3Exception", error.GetProperty("errorType").GetString());
        Assert.Equal("Your key is too long", error.GetProperty("errorMessage").GetString());
        Assert.Empty(ImportedEvents(key));
    }

    [Fact]
    public async Task Import_EmptyFile_WritesAReportWithZeroCounts()
    {
        // Act
        var (key, put) = await UploadAsync("empty.csv", string.Empty);

        // Assert
        var report = await WaitForReportAsync(key, put);
        Assert.True(report.GetProperty("status").GetString() == "imported", report.ToString());
        Assert.Equal(0, report.GetProperty("counts").GetProperty("rowsRead").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        AssertEvent(await WaitForImportedEventAsync(key), key, put, "imported", reason: null, rowsRead: 0, importedRows: 0, rejected: 0, skipped: 0);
    }

    [Theory]
    [InlineData("binary.csv", "not_text")]
    [InlineData("wrong-header.csv", "invalid_content")]
    [InlineData("catalogue.xlsx", "unsupported_format")]
    public async Task Import_WrongContent_RejectedWithAReasonAndNothingImported(string name, string reason)
    {
        // Arrange
        var sku = NewSku();
        var content = name switch
        {
            "binary.csv" => "PK\u0003\u0004\0\0\0binary\0" + sku,
            "wrong-header.csv" => $"code,title,cost,count\n{sku},Wrong header,100,1\n",
            _ => $"sku,name,price,stock\n{sku},Spreadsheet,100,1\n",
        };

        // Act
        var (key, put) = await UploadAsync(name, content);

        // Assert
        var report = await WaitForReportAsync(key, put);
        Assert.True(report.GetProperty("status").GetString() == "rejected", report.ToString());
        Assert.Equal(reason, report.GetProperty("reason").GetString());
        Assert.Null(await platform.GetProductAsync(sku));
        AssertEvent(await WaitForImportedEventAsync(key), key, put, "rejected", reason, rowsRead: 0, importedRows: 0, rejected: 0, skipped: 0);
    }

    [Fact]
    public async Task Import_FileOverTheSizeLimit_RejectedWithoutReadingAnyRow()
    {
        // Arrange: one valid row, then padding past MAX_IMPORT_BYTES (the dev stack's 50 MiB).
        var sku = NewSku();
        var limit = Platform.Infra.Definition.StackSettings.Defaults.MaxImportBytes;
        var head = Encoding.UTF8.GetBytes($"sku,name,price,stock\n{sku},Too big,100,1\n");
        var content = new byte[limit + 1];
        head.CopyTo(content, 0);
        Array.Fill(content, (byte)'\n', head.Length, content.Length - head.Length);

        // Act
        var (key, put) = await UploadAsync("oversized.csv", content);

        // Assert
        var report = await WaitForReportAsync(key, put);
        Assert.True(report.GetProperty("status").GetString() == "rejected", report.ToString());
        Assert.Equal("too_large", report.GetProperty("reason").GetString());
        Assert.Equal(0, report.GetProperty("counts").GetProperty("rowsRead").GetInt32());
        Assert.Null(await platform.GetProductAsync(sku));
        AssertEvent(await WaitForImportedEventAsync(key), key, put, "rejected", "too_large", rowsRead: 0, importedRows: 0, rejected: 0, skipped: 0);
    }

    [Fact]
    public async Task ImportCommand_CsvFile_UploadsItAndPrintsTheReport()
    {
        // Arrange
        var sku = NewSku();
        var directory = Path.Combine(platform.StateDirectory, "import-command");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"sku,name,price,stock\n{sku},From the command line,1500,9\n,No SKU,100,1\n", TestContext.Current.CancellationToken);

        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(
            ["import", file, "--port", platform.Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Contains($"Uploaded imports/{Path.GetFileName(file)} to {Bucket}", output, StringComparison.Ordinal);
        Assert.Contains($"Report reports/{Path.GetFileName(file)}.", output, StringComparison.Ordinal);
        Assert.Contains("status: imported", output, StringComparison.Ordinal);
        Assert.Contains("line 3, field sku", output, StringComparison.Ordinal);
        Assert.Equal(9, (await platform.GetProductAsync(sku))?.Stock);
    }

    private static string NewSku() => "IMP-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private Task<(string Key, PutObjectResponse Put)> UploadAsync(string name, string content) => UploadAsync(name, Encoding.UTF8.GetBytes(content));

    private async Task<(string Key, PutObjectResponse Put)> UploadAsync(string name, byte[] content)
    {
        var key = $"imports/{Guid.NewGuid():N}-{name}";
        using var stream = new MemoryStream(content);
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream }, TestContext.Current.CancellationToken);
        return (key, put);
    }

    /// <summary>The report of this version of <paramref name="key"/>, once the import wrote it.</summary>
    private async Task<JsonElement> WaitForReportAsync(string key, PutObjectResponse put)
    {
        var reportKey = ReportKey(key, put);
        var text = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await _s3.GetObjectAsync(Bucket, reportKey, TestContext.Current.CancellationToken);
                    using var reader = new StreamReader(response.ResponseStream);
                    return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
                }
                catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
                {
                    return null;
                }
            },
            report => report is not null,
            ReportDeadline,
            $"the report {reportKey} (failures: {string.Join("; ", platform.FailureQueuesMentioning(key))})");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    private async Task<JsonElement> ReadReportAsync(string key, PutObjectResponse put)
    {
        using var response = await _s3.GetObjectAsync(Bucket, ReportKey(key, put), TestContext.Current.CancellationToken);
        using var document = await JsonDocument.ParseAsync(response.ResponseStream, default, TestContext.Current.CancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary><c>reports/&lt;key without imports/&gt;.&lt;version id, or ETag without quotes&gt;.report.json</c>.</summary>
    private static string ReportKey(string key, PutObjectResponse put) =>
        $"reports/{key["imports/".Length..]}.{(string.IsNullOrEmpty(put.VersionId) || put.VersionId == "null" ? put.ETag.Trim('"') : put.VersionId)}.report.json";

    /// <summary>The details of the <c>Catalogue Imported</c> events the bus accepted for <paramref name="key"/>.</summary>
    private List<JsonElement> ImportedEvents(string key) =>
    [
        .. platform.Platform.Bus.Recent
            .Where(e => e.DetailType == "Catalogue Imported")
            .Select(e => JsonDocument.Parse(e.EventJson).RootElement.GetProperty("detail").Clone())
            .Where(detail => detail.GetProperty("key").GetString() == key),
    ];

    /// <summary>The one <c>Catalogue Imported</c> event of <paramref name="key"/>, once published.</summary>
    private async Task<JsonElement> WaitForImportedEventAsync(string key)
    {
        var events = await Poll.UntilAsync(() => Task.FromResult(ImportedEvents(key)), found => found.Count > 0, TimeSpan.FromSeconds(30), $"the Catalogue Imported event of {key}");
        return Assert.Single(events);
    }

    private static void AssertEvent(JsonElement detail, string key, PutObjectResponse put, string status, string? reason, int rowsRead, int importedRows, int rejected, int skipped)
    {
        Assert.Equal((Bucket, key, put.ETag.Trim('"'), put.VersionId), (detail.GetProperty("bucket").GetString(), detail.GetProperty("key").GetString(), detail.GetProperty("eTag").GetString(), detail.GetProperty("versionId").GetString()));
        Assert.Equal((status, reason), (detail.GetProperty("status").GetString(), detail.TryGetProperty("reason", out var r) ? r.GetString() : null));
        Assert.Equal(
            (rowsRead, importedRows, rejected, skipped),
            (detail.GetProperty("rowsRead").GetInt32(), detail.GetProperty("imported").GetInt32(), detail.GetProperty("rejected").GetInt32(), detail.GetProperty("skipped").GetInt32()));
        Assert.Equal(ReportKey(key, put), detail.GetProperty("reportKey").GetString());
    }

    public void Dispose() => _s3.Dispose();
}
