using System.Globalization;
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
        await Poll.UntilAsync(() => platform.EventsMentioning(key).Count == 1, TimeSpan.FromSeconds(30), "the Catalogue Imported event");
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
    }

    [Fact]
    public async Task Import_SameNotificationDeliveredTwice_SecondDeliveryChangesNothing()
    {
        // Arrange
        var sku = NewSku();
        var (key, put) = await UploadAsync("twice.csv", $"sku,name,price,stock\n{sku},Delivered twice,100,7\n");
        var first = await WaitForReportAsync(key, put);
        await Poll.UntilAsync(() => platform.EventsMentioning(key).Count == 1, TimeSpan.FromSeconds(30), "the first Catalogue Imported event");

        // Act: S3 delivers at least once; this is the same record again.
        var record = await NotificationRecordAsync(key, put);
        var result = await platform.Platform.Functions["import-catalogue"].InvokeAsync(Encoding.UTF8.GetBytes(record), Platform.Local.Lambda.InvocationOptions.Synchronous, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(result.Status == Platform.Local.Lambda.InvocationStatus.Success, result.Error?.Body.Length > 0 ? Encoding.UTF8.GetString(result.Error.Body.Span) : result.Status.ToString());
        Assert.Single(platform.EventsMentioning(key));
        var again = await ReadReportAsync(key, put);
        Assert.Equal(first.GetProperty("completedAt").GetString(), again.GetProperty("completedAt").GetString());
        var product = await platform.GetProductAsync(sku);
        Assert.Equal(7, product!.Stock);
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

    /// <summary>The ObjectCreated:Put record S3 delivers for this upload, in AWS's documented shape.</summary>
    private async Task<string> NotificationRecordAsync(string key, PutObjectResponse put)
    {
        var size = (await _s3.GetObjectMetadataAsync(Bucket, key, TestContext.Current.CancellationToken)).ContentLength;
        var record = new Dictionary<string, object?>
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = LocalPlatform.Region,
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventName"] = "ObjectCreated:Put",
            ["userIdentity"] = new Dictionary<string, string> { ["principalId"] = "AWS:LOCAL" },
            ["requestParameters"] = new Dictionary<string, string> { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new Dictionary<string, string> { ["x-amz-request-id"] = "LOCAL", ["x-amz-id-2"] = "LOCAL" },
            ["s3"] = new Dictionary<string, object?>
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "import-catalogue",
                ["bucket"] = new Dictionary<string, object>
                {
                    ["name"] = Bucket,
                    ["ownerIdentity"] = new Dictionary<string, string> { ["principalId"] = "LOCAL" },
                    ["arn"] = "arn:aws:s3:::" + Bucket,
                },
                ["object"] = new Dictionary<string, object?>
                {
                    ["key"] = key,
                    ["size"] = size,
                    ["eTag"] = put.ETag.Trim('"'),
                    ["versionId"] = put.VersionId,
                    ["sequencer"] = "0055AED6DCD90281E5",
                },
            },
        };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["Records"] = new[] { record } });
    }

    public void Dispose() => _s3.Dispose();
}
