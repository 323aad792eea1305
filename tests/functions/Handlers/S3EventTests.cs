using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

/// <summary>The S3 event type against AWS's documented notification structure (events/s3-object-created.json).</summary>
public sealed class S3EventTests
{
    [Fact]
    public void Deserialize_AwsShapedNotification_ReadsEveryField()
    {
        var json = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "events", "s3-object-created.json"));

        var evt = JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.S3Event)!;

        var record = Assert.Single(evt.Records!);
        Assert.Equal(("2.1", "aws:s3", "us-east-1", "ObjectCreated:Put"), (record.EventVersion, record.EventSource, record.AwsRegion, record.EventName));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), record.EventTime);
        Assert.Equal("AWS:AIDAINPONIXQXHT3IKHL2", record.UserIdentity!.PrincipalId);
        Assert.Equal("205.255.255.176", record.RequestParameters!.SourceIpAddress);
        Assert.Equal("D82B88E5F771F645", record.ResponseElements!["x-amz-request-id"]);
        Assert.Equal(("1.0", "import-catalogue"), (record.S3!.S3SchemaVersion, record.S3.ConfigurationId));
        Assert.Equal(("platform-dev-catalogue", "A3I5XTEXAMAI3E", "arn:aws:s3:::platform-dev-catalogue"), (record.S3.Bucket!.Name, record.S3.Bucket.OwnerIdentity!.PrincipalId, record.S3.Bucket.Arn));
        var stored = record.S3.Object!;
        Assert.Equal("imports/spring+catalogue+%282026%29.csv", stored.Key);
        Assert.Equal("imports/spring catalogue (2026).csv", stored.DecodedKey);
        Assert.Equal(1_305_107, stored.Size);
        Assert.Equal(("b21b84d653bb07b05b1e6b33684dc11b", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "0C95D8AB8FB6F9A3B1"), (stored.ETag, stored.VersionId, stored.Sequencer));
        Assert.True(record.IsObjectCreated);
    }

    [Fact]
    public void ImportObject_AwsShapedRecord_DecodesTheKeyAndKeepsTheVersion()
    {
        var record = new S3EventBuilder().Build().Records![0];

        var source = StorageEvents.ImportObject(record);

        Assert.Equal("platform-dev-catalogue", source.Bucket);
        Assert.Equal("imports/spring catalogue (2026).csv", source.Key);
        Assert.Equal(("b21b84d653bb07b05b1e6b33684dc11b", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", 1_305_107L), (source.ETag, source.VersionId, source.Size!.Value));
        Assert.Equal("reports/spring catalogue (2026).csv.3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY.report.json", source.ReportKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void ImportObject_NoVersion_IsIdentifiedByTheETag(string? versionId)
    {
        var record = new S3EventBuilder().WithVersionId(versionId).Build().Records![0];

        var source = StorageEvents.ImportObject(record);

        Assert.Null(source.VersionId);
        Assert.Equal("b21b84d653bb07b05b1e6b33684dc11b", source.Version);
    }

    [Theory]
    [InlineData("eTag", "s3.object.eTag")]
    [InlineData("key", "s3.object.key")]
    public void ImportObject_RecordWithoutAField_ViolatesTheContractNamingIt(string field, string path)
    {
        var record = new S3EventBuilder().WithoutObjectField(field).Build().Records![0];

        var error = Assert.Throws<ContractViolationException>(() => StorageEvents.ImportObject(record));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ObjectCreated:Put", true)]
    [InlineData("ObjectCreated:CompleteMultipartUpload", true)]
    [InlineData("ObjectRemoved:Delete", false)]
    [InlineData("s3:TestEvent", false)]
    public void IsObjectCreated_EventName_IsTrueOnlyForCreations(string eventName, bool expected)
    {
        var record = new S3EventBuilder().WithEventName(eventName).Build().Records![0];

        Assert.Equal(expected, record.IsObjectCreated);
    }
}
