using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Tests.Functions.Support;

/// <summary>An S3 event notification as Lambda receives it, from events/s3-object-created.json (AWS's documented shape).</summary>
public sealed class S3EventBuilder
{
    private readonly JsonObject _json = Payloads.Load("s3-object-created.json");

    private JsonObject Record => _json["Records"]![0]!.AsObject();

    private JsonObject StoredObject => Record["s3"]!["object"]!.AsObject();

    /// <summary>The notification of an object as S3 sends it: the key URL-encoded with '+' for spaces.</summary>
    public static S3EventBuilder ObjectCreated(string bucket, string key, string eTag, long size, string? versionId = null) =>
        new S3EventBuilder().WithBucket(bucket).WithKey(key).WithETag(eTag).WithSize(size).WithVersionId(versionId);

    public S3EventBuilder WithBucket(string bucket)
    {
        var s3Bucket = Record["s3"]!["bucket"]!;
        s3Bucket["name"] = bucket;
        s3Bucket["arn"] = "arn:aws:s3:::" + bucket;
        return this;
    }

    /// <summary>Sets the key as S3 encodes it in events (form encoding: a space is '+').</summary>
    public S3EventBuilder WithKey(string key)
    {
        StoredObject["key"] = string.Join('/', key.Split('/').Select(segment => Uri.EscapeDataString(segment).Replace("%20", "+", StringComparison.Ordinal)));
        return this;
    }

    public S3EventBuilder WithETag(string eTag)
    {
        StoredObject["eTag"] = eTag;
        return this;
    }

    public S3EventBuilder WithSize(long size)
    {
        StoredObject["size"] = size;
        return this;
    }

    public S3EventBuilder WithVersionId(string? versionId)
    {
        if (versionId is null)
        {
            StoredObject.Remove("versionId");
        }
        else
        {
            StoredObject["versionId"] = versionId;
        }

        return this;
    }

    public S3EventBuilder WithEventName(string eventName)
    {
        Record["eventName"] = eventName;
        return this;
    }

    public S3EventBuilder WithoutObjectField(string name)
    {
        StoredObject.Remove(name);
        return this;
    }

    public S3Event Build() => _json.Deserialize(RuntimeJsonContext.Default.S3Event)!;

    public byte[] ToUtf8Json() => Encoding.UTF8.GetBytes(_json.ToJsonString());
}
