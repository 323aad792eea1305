using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Local.Storage;
using Platform.Tests.Local.Storage.Support;

namespace Platform.Tests.Local.Storage;

/// <summary>Bucket notifications: which writes produce which records, when they are delivered, and the record's shape against AWS's documented example.</summary>
public sealed class S3NotificationTests : IAsyncLifetime
{
    private const string Bucket = "platform-bucket";

    private static readonly NotificationRule Imports = new() { Id = "catalogue-imports", Events = ["s3:ObjectCreated:*"], Prefix = "imports/" };

    private readonly TempDirectory _directory = new();
    private readonly Inbox _inbox = new();
    private S3Server _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AmazonS3Client Client => _server.Client;

    private ObjectStore Store => _server.Store;

    public async ValueTask InitializeAsync()
    {
        _server = await S3Server.StartAsync(_directory.Path);
        Store.EnsureBucket(Bucket);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task PutObject_RuleWithPrefix_DeliversOneRecordPerMatchingPut()
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);

        await PutAsync("imports/a.csv");
        await PutAsync("reports/a.json");
        await PutAsync("imports/b.csv");
        await PutAsync("importsa.csv");
        await PutAsync("imports/a.csv");
        await Inbox.DrainAsync(Store);

        var records = _inbox.Received.Select(n => Assert.Single(n.Records)).ToList();
        Assert.Equal(["imports/a.csv", "imports/b.csv", "imports/a.csv"], records.Select(r => r.S3.Object.Key));
        Assert.All(records, r => Assert.Equal("ObjectCreated:Put", r.EventName));
        Assert.All(records, r => Assert.Equal("catalogue-imports", r.S3.ConfigurationId));
        var sequencers = records.Select(r => r.S3.Object.Sequencer).ToList();
        Assert.Equal(sequencers.Order(StringComparer.Ordinal), sequencers);
        Assert.Equal(3, sequencers.Distinct().Count());
    }

    [Fact]
    public async Task PutObject_RuleWithPrefixAndSuffix_MatchesOnlyBoth()
    {
        Store.AddNotification(Bucket, Imports with { Suffix = ".csv" }, _inbox.DeliverAsync);

        await PutAsync("imports/a.csv");
        await PutAsync("imports/a.jsonl");
        await PutAsync("other/a.csv");
        await Inbox.DrainAsync(Store);

        Assert.Equal(["imports/a.csv"], _inbox.Received.Select(n => n.Records[0].S3.Object.Key));
    }

    [Fact]
    public async Task Record_ComparedWithTheDocumentedExample_HasTheSameFieldsOfTheSameKinds()
    {
        await EnableVersioningAsync();
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);

        await PutAsync("imports/red flower.csv", new string('x', 1024));
        await Inbox.DrainAsync(Store);

        var actual = JsonNode.Parse(Assert.Single(_inbox.Received).ToJson())!;
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "payloads", "s3-event-put-example.json"), Cancellation))!;
        Assert.Equal(Fields(example), Fields(actual));
        foreach (var constant in new[] { "Records[0].eventVersion", "Records[0].eventSource", "Records[0].eventName", "Records[0].s3.s3SchemaVersion", "Records[0].s3.object.key", "Records[0].s3.object.size" })
        {
            Assert.Equal(Value(example, constant), Value(actual, constant));
        }

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", Value(actual, "Records[0].eventTime"));
        Assert.Matches("^[0-9a-f]{32}$", Value(actual, "Records[0].s3.object.eTag"));
        Assert.Matches("^[0-9A-F]+$", Value(actual, "Records[0].s3.object.sequencer"));
        Assert.Equal("arn:aws:s3:::" + Bucket, Value(actual, "Records[0].s3.bucket.arn"));
    }

    [Fact]
    public async Task Record_Values_DescribeThePutAndTheRequest()
    {
        await EnableVersioningAsync();
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "imports/p.csv", ContentBody = "sku,name\n" }, Cancellation);
        await Inbox.DrainAsync(Store);

        var record = Assert.Single(Assert.Single(_inbox.Received).Records);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal("AWS:AKIDLOCAL", record.UserIdentity.PrincipalId);
        Assert.Equal("127.0.0.1", record.RequestParameters.SourceIpAddress);
        Assert.Equal(put.ResponseMetadata.RequestId, record.ResponseElements.RequestId);
        Assert.Equal(Bucket, record.S3.Bucket.Name);
        Assert.Equal(Store.Options.OwnerId, record.S3.Bucket.OwnerIdentity.PrincipalId);
        Assert.Equal(9, record.S3.Object.Size);
        Assert.Equal(put.ETag.Trim('"'), record.S3.Object.ETag);
        Assert.Equal(Convert.ToHexStringLower(MD5HashOf("sku,name\n")), record.S3.Object.ETag);
        Assert.Equal(put.VersionId, record.S3.Object.VersionId);
        var time = DateTimeOffset.Parse(record.EventTime, CultureInfo.InvariantCulture);
        Assert.InRange(time, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Record_UnversionedBucket_HasNoVersionId()
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);

        await PutAsync("imports/a.csv");
        await Inbox.DrainAsync(Store);

        var json = JsonNode.Parse(Assert.Single(_inbox.Received).ToJson())!;
        Assert.Null(json["Records"]![0]!["s3"]!["object"]!["versionId"]);
    }

    [Theory]
    [InlineData("imports/red flower.csv", "imports/red+flower.csv")]
    [InlineData("imports/dt=2026-11-25/a:b.csv", "imports/dt%3D2026-11-25/a%3Ab.csv")]
    [InlineData("imports/prix-été.csv", "imports/prix-%C3%A9t%C3%A9.csv")]
    [InlineData("imports/a+b.csv", "imports/a%2Bb.csv")]
    public async Task Record_Key_IsUrlEncodedAsS3SendsIt(string key, string encoded)
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);

        await PutAsync(key);
        await Inbox.DrainAsync(Store);

        var record = Assert.Single(_inbox.Received).Records[0];
        Assert.Equal(encoded, record.S3.Object.Key);
        Assert.Equal(key, Uri.UnescapeDataString(record.S3.Object.Key.Replace('+', ' ')));
    }

    [Fact]
    public async Task DeleteObject_RemovalRules_DeliverDeleteAndDeleteMarkerCreated()
    {
        var removed = new Inbox();
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        Store.AddNotification(Bucket, new NotificationRule { Id = "removed", Events = ["s3:ObjectRemoved:*"], Prefix = "imports/" }, removed.DeliverAsync);
        await PutAsync("imports/a.csv");

        await Client.DeleteObjectAsync(Bucket, "imports/a.csv", Cancellation);
        await EnableVersioningAsync();
        await PutAsync("imports/b.csv");
        var marker = await Client.DeleteObjectAsync(Bucket, "imports/b.csv", Cancellation);
        await Inbox.DrainAsync(Store);

        Assert.Equal(["ObjectCreated:Put", "ObjectCreated:Put"], _inbox.Received.Select(n => n.Records[0].EventName));
        var records = removed.Received.Select(n => n.Records[0]).ToList();
        Assert.Equal(["ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated"], records.Select(r => r.EventName));
        Assert.Null(records[0].S3.Object.Size);
        Assert.Null(records[0].S3.Object.ETag);
        Assert.Equal(marker.VersionId, records[1].S3.Object.VersionId);
    }

    [Fact]
    public async Task CopyObject_RulesForAllCreatedAndForPutOnly_OnlyTheWildcardSeesTheCopy()
    {
        var putsOnly = new Inbox();
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        Store.AddNotification(Bucket, new NotificationRule { Id = "puts", Events = ["s3:ObjectCreated:Put"], Prefix = "other/" }, putsOnly.DeliverAsync);
        await PutAsync("other/source.csv");

        await Client.CopyObjectAsync(Bucket, "other/source.csv", Bucket, "imports/copied.csv", Cancellation);
        await Client.CopyObjectAsync(Bucket, "other/source.csv", Bucket, "other/copied.csv", Cancellation);
        await Inbox.DrainAsync(Store);

        Assert.Equal([("ObjectCreated:Copy", "imports/copied.csv")], _inbox.Received.Select(n => (n.Records[0].EventName, n.Records[0].S3.Object.Key)));
        Assert.Equal(["other/source.csv"], putsOnly.Received.Select(n => n.Records[0].S3.Object.Key));
    }

    [Fact]
    public async Task PutObject_CallbackStillRunning_IsAnsweredBeforeDelivery()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = 0;
        Store.AddNotification(Bucket, Imports, async (_, cancellationToken) =>
        {
            await release.Task.WaitAsync(cancellationToken);
            Interlocked.Increment(ref delivered);
        });

        await PutAsync("imports/slow.csv");

        Assert.Equal(1, Store.PendingNotifications);
        Assert.Equal(0, Volatile.Read(ref delivered));
        release.SetResult();
        await Inbox.DrainAsync(Store);
        Assert.Equal(1, Volatile.Read(ref delivered));
    }

    [Fact]
    public async Task Callback_Throws_RaisesNotificationFailedAndGoesOnDelivering()
    {
        var failures = new List<NotificationFailedEventArgs>();
        Store.NotificationFailed += (_, args) => failures.Add(args);
        Store.AddNotification(Bucket, Imports, (notification, cancellationToken) =>
            notification.Records[0].S3.Object.Key.EndsWith("bad.csv", StringComparison.Ordinal)
                ? throw new InvalidOperationException("refused")
                : _inbox.DeliverAsync(notification, cancellationToken));

        await PutAsync("imports/bad.csv");
        await PutAsync("imports/good.csv");
        await Inbox.DrainAsync(Store);

        var failure = Assert.Single(failures);
        Assert.Equal("catalogue-imports", failure.ConfigurationId);
        Assert.Equal("refused", failure.Exception.Message);
        Assert.Equal(["imports/good.csv"], _inbox.Received.Select(n => n.Records[0].S3.Object.Key));
    }

    [Theory]
    [InlineData("imports/sub/", null, "s3:ObjectCreated:Put")]
    [InlineData(null, null, "s3:ObjectCreated:*")]
    [InlineData("imports/", ".csv", "s3:ObjectCreated:Copy")]
    public void AddNotification_OverlapsAnExistingRule_IsRefused(string? prefix, string? suffix, string eventType)
    {
        Store.AddNotification(Bucket, Imports with { Suffix = ".csv" }, _inbox.DeliverAsync);

        var error = Assert.Throws<ArgumentException>(() =>
            Store.AddNotification(Bucket, new NotificationRule { Id = "second", Events = [eventType], Prefix = prefix, Suffix = suffix }, _inbox.DeliverAsync));

        Assert.Contains("overlapping", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imports/", ".json", "s3:ObjectCreated:*")]
    [InlineData("reports/", null, "s3:ObjectCreated:*")]
    [InlineData("imports/", ".csv", "s3:ObjectRemoved:*")]
    public void AddNotification_DisjointFromAnExistingRule_IsAccepted(string? prefix, string? suffix, string eventType)
    {
        Store.AddNotification(Bucket, Imports with { Suffix = ".csv" }, _inbox.DeliverAsync);

        Store.AddNotification(Bucket, new NotificationRule { Id = "second", Events = [eventType], Prefix = prefix, Suffix = suffix }, _inbox.DeliverAsync);
    }

    [Theory]
    [InlineData("s3:ObjectCreated")]
    [InlineData("ObjectCreated:*")]
    [InlineData("s3:ObjectCreated:Put*")]
    [InlineData("s3:*")]
    public void AddNotification_UnknownEventType_IsRefused(string eventType)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Store.AddNotification(Bucket, new NotificationRule { Id = "bad", Events = [eventType] }, _inbox.DeliverAsync));

        Assert.Contains(eventType, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotification_MissingBucket_FailsWithNoSuchBucket()
    {
        var error = Assert.Throws<S3Exception>(() => Store.AddNotification("missing-bucket", Imports, _inbox.DeliverAsync));

        Assert.Equal("NoSuchBucket", error.Code);
    }

    [Fact]
    public async Task PutObjectAsync_InProcess_StoresAndNotifiesLikeAPut()
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);

        var stored = await Store.PutObjectAsync(Bucket, "imports/local.csv", new MemoryStream("a,b"u8.ToArray()), "text/csv", Cancellation);
        await Inbox.DrainAsync(Store);
        using var get = await Client.GetObjectAsync(Bucket, "imports/local.csv", Cancellation);

        Assert.Equal(Convert.ToHexStringLower(MD5HashOf("a,b")), stored.ETag);
        Assert.Equal($"\"{stored.ETag}\"", get.ETag);
        Assert.Equal("text/csv", get.Headers.ContentType);
        Assert.Equal(stored.ETag, Assert.Single(_inbox.Received).Records[0].S3.Object.ETag);
    }

    [Fact]
    public async Task Redeliver_StoredVersions_SendsTheOriginalRecordsAgain()
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        await EnableVersioningAsync();
        var first = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "imports/a b.csv", ContentBody = "first" }, Cancellation);
        await PutAsync("imports/a b.csv", "second, longer");
        await Inbox.DrainAsync(Store);
        var (original, latest) = (_inbox.Received[0].ToJson(), _inbox.Received[1].ToJson());

        var again = Store.Redeliver(Bucket, "imports/a b.csv");
        var older = Store.Redeliver(Bucket, "imports/a b.csv", first.VersionId);
        await Inbox.DrainAsync(Store);

        Assert.Equal(latest, Assert.Single(again).ToJson());
        Assert.Equal(original, Assert.Single(older).ToJson());
        Assert.Equal([original, latest, latest, original], _inbox.Received.Select(n => n.ToJson()));
        Assert.Equal("imports/a+b.csv", _inbox.Received[2].Records[0].S3.Object.Key);
    }

    [Fact]
    public async Task Redeliver_NoMatchingRule_SendsNothing()
    {
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        await PutAsync("reports/a.json");

        var sent = Store.Redeliver(Bucket, "reports/a.json");
        await Inbox.DrainAsync(Store);

        Assert.Empty(sent);
        Assert.Empty(_inbox.Received);
    }

    [Fact]
    public async Task Redeliver_AfterADelete_UsesAFreshSequencerForTheDeleteButKeepsTheCreatedOne()
    {
        var removed = new Inbox();
        Store.AddNotification(Bucket, Imports, _inbox.DeliverAsync);
        Store.AddNotification(Bucket, new NotificationRule { Id = "removed", Events = ["s3:ObjectRemoved:*"], Prefix = "imports/" }, removed.DeliverAsync);
        await EnableVersioningAsync();
        var put = await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "imports/a.csv", ContentBody = "a" }, Cancellation);
        await Client.DeleteObjectAsync(Bucket, "imports/a.csv", Cancellation);

        var latest = Assert.Throws<S3Exception>(() => Store.Redeliver(Bucket, "imports/a.csv"));
        var again = Store.Redeliver(Bucket, "imports/a.csv", put.VersionId);
        await Inbox.DrainAsync(Store);

        Assert.Equal("NoSuchKey", latest.Code);
        var created = _inbox.Received.Select(n => n.Records[0].S3.Object.Sequencer).ToList();
        Assert.Equal([created[0], created[0]], created);
        Assert.Equal(created[0], Assert.Single(again).Records[0].S3.Object.Sequencer);
        Assert.True(string.CompareOrdinal(Assert.Single(removed.Received).Records[0].S3.Object.Sequencer, created[0]) > 0);
    }

    [Fact]
    public void Redeliver_MissingObjectOrVersion_FailsWithS3sCodes()
    {
        Assert.Equal("NoSuchKey", Assert.Throws<S3Exception>(() => Store.Redeliver(Bucket, "imports/none.csv")).Code);
        Assert.Equal("NoSuchBucket", Assert.Throws<S3Exception>(() => Store.Redeliver("missing-bucket", "imports/none.csv")).Code);
    }

    private async Task PutAsync(string key, string? body = null) =>
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body ?? key }, Cancellation);

    private async Task EnableVersioningAsync() =>
        await Client.PutBucketVersioningAsync(
            new PutBucketVersioningRequest { BucketName = Bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } },
            Cancellation);

#pragma warning disable CA5351 // S3's ETag is an MD5 by definition.
    private static byte[] MD5HashOf(string text) => MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5351

    /// <summary>Every leaf of a JSON document as <c>path: kind</c>, in document order.</summary>
    private static List<string> Fields(JsonNode node, string path = "")
    {
        return node switch
        {
            JsonObject obj => [.. obj.SelectMany(p => Fields(p.Value!, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).Order(StringComparer.Ordinal)],
            JsonArray array => [.. array.SelectMany((item, i) => Fields(item!, $"{path}[{i}]"))],
            _ => [$"{path}: {node.GetValueKind()}"],
        };
    }

    private static string Value(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Replace("[0]", ".0", StringComparison.Ordinal).Split('.'))
        {
            node = part == "0" ? node![0] : node![part];
        }

        return node!.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
    }
}
