using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Functions.Shared.Validators;

/// <summary>Reads S3 event records strictly; a record that lacks what the trigger promises throws, so the invocation fails visibly.</summary>
public static class StorageEvents
{
    /// <summary>The object an <c>ObjectCreated:*</c> record names, with its key URL-decoded and its ETag without quotes.</summary>
    /// <exception cref="ContractViolationException">The record has no bucket, key or ETag, or a negative size.</exception>
    public static ImportObject ImportObject(S3EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var problems = new List<FieldProblem>();
        var bucket = record.S3?.Bucket?.Name;
        var stored = record.S3?.Object;
        var key = stored?.DecodedKey;
        var eTag = stored?.ETag?.Trim('"');
        if (bucket is null || !Patterns.BucketName().IsMatch(bucket))
        {
            problems.Add(new FieldProblem("s3.bucket.name", "must be a bucket name"));
        }

        if (string.IsNullOrEmpty(key))
        {
            problems.Add(new FieldProblem("s3.object.key", "is required"));
        }

        if (string.IsNullOrEmpty(eTag))
        {
            problems.Add(new FieldProblem("s3.object.eTag", "is required"));
        }

        if (stored?.Size < 0)
        {
            problems.Add(new FieldProblem("s3.object.size", "must not be negative"));
        }

        if (problems.Count > 0)
        {
            throw ContractViolationException.From($"S3 event record {record.EventName}", problems);
        }

        // A bucket with versioning suspended reports the version "null"; the ETag then tells its uploads apart.
        var versionId = stored!.VersionId is { Length: > 0 } version && version != "null" ? version : null;
        return new ImportObject(bucket!, key!, eTag!, versionId, stored.Size);
    }
}
