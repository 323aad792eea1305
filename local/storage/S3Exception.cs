using System.Globalization;

namespace Platform.Local.Storage;

/// <summary>An S3 error: the code (<c>NoSuchKey</c>, <c>EntityTooLarge</c>…), HTTP status and message S3 answers with.</summary>
public sealed class S3Exception : Exception
{
    internal S3Exception(int status, string code, string message, params (string Name, string Value)[] details)
        : base(message)
    {
        Status = status;
        Code = code;
        Details = details;
    }

    /// <summary>An <c>InternalError</c>.</summary>
    public S3Exception()
        : this(500, "InternalError", "We encountered an internal error. Please try again.")
    {
    }

    /// <summary>An <c>InvalidArgument</c> error.</summary>
    public S3Exception(string message)
        : this(400, "InvalidArgument", message)
    {
    }

    /// <summary>An <c>InternalError</c> with its cause.</summary>
    public S3Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Code = "InternalError";
        Details = [];
    }

    /// <summary>The HTTP status S3 answers with.</summary>
    public int Status { get; }

    /// <summary>The error code, as in <c>&lt;Code&gt;</c>.</summary>
    public string Code { get; }

    /// <summary>The extra elements of the <c>&lt;Error&gt;</c> body (<c>Key</c>, <c>BucketName</c>…).</summary>
    internal IReadOnlyList<(string Name, string Value)> Details { get; }

    /// <summary>Headers that go with the error (a delete marker's version on a GET).</summary>
    internal IReadOnlyList<(string Name, string Value)> Headers { get; private set; } = [];

    internal S3Exception WithHeaders(params (string Name, string Value)[] headers)
    {
        Headers = headers;
        return this;
    }

    internal static S3Exception NoSuchBucket(string bucket) =>
        new(404, "NoSuchBucket", "The specified bucket does not exist", ("BucketName", bucket));

    internal static S3Exception NoSuchKey(string key) =>
        new(404, "NoSuchKey", "The specified key does not exist.", ("Key", key));

    internal static S3Exception NoSuchVersion(string key, string versionId) =>
        new(404, "NoSuchVersion", "The specified version does not exist.", ("Key", key), ("VersionId", versionId));

    internal static S3Exception NoSuchUpload(string uploadId) =>
        new(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            ("UploadId", uploadId));

    internal static S3Exception BucketAlreadyOwnedByYou(string bucket) =>
        new(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", ("BucketName", bucket));

    internal static S3Exception BucketNotEmpty(string bucket, bool versioned) =>
        new(409, "BucketNotEmpty",
            versioned
                ? "The bucket you tried to delete is not empty. You must delete all versions in the bucket."
                : "The bucket you tried to delete is not empty",
            ("BucketName", bucket));

    internal static S3Exception InvalidBucketName(string bucket) =>
        new(400, "InvalidBucketName", "The specified bucket is not valid.", ("BucketName", bucket));

    internal static S3Exception InvalidArgument(string message, string name, string? value) =>
        new(400, "InvalidArgument", message, ("ArgumentName", name), ("ArgumentValue", value ?? string.Empty));

    internal static S3Exception InvalidRequest(string message) => new(400, "InvalidRequest", message);

    internal static S3Exception KeyTooLong() => new(400, "KeyTooLongError", "Your key is too long");

    internal static S3Exception MetadataTooLarge(int size, int max) =>
        new(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.",
            ("Size", size.ToString(CultureInfo.InvariantCulture)), ("MaxSizeAllowed", max.ToString(CultureInfo.InvariantCulture)));

    internal static S3Exception EntityTooLarge(long proposed, long max) =>
        new(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
            ("ProposedSize", proposed.ToString(CultureInfo.InvariantCulture)), ("MaxSizeAllowed", max.ToString(CultureInfo.InvariantCulture)));

    internal static S3Exception EntityTooSmall(long proposed, long min) =>
        new(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
            ("ProposedSize", proposed.ToString(CultureInfo.InvariantCulture)), ("MinSizeAllowed", min.ToString(CultureInfo.InvariantCulture)));

    internal static S3Exception IncompleteBody(string message) => new(400, "IncompleteBody", message);

    internal static S3Exception BadDigest(string what) => new(400, "BadDigest", $"The {what} you specified did not match the calculated checksum.");

    internal static S3Exception ContentMd5Mismatch(string expected, string calculated) =>
        new(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
            ("ExpectedDigest", expected), ("CalculatedDigest", calculated));

    internal static S3Exception InvalidDigest() => new(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");

    internal static S3Exception ContentSha256Mismatch(string client, string computed) =>
        new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ("ClientComputedContentSHA256", client), ("S3ComputedContentSHA256", computed));

    internal static S3Exception MalformedXml() =>
        new(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    internal static S3Exception InvalidRange(string range, long size) =>
        new(416, "InvalidRange", "The requested range is not satisfiable",
            ("RangeRequested", range), ("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture)));

    internal static S3Exception PreconditionFailed(string condition) =>
        new(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", ("Condition", condition));

    internal static S3Exception MethodNotAllowed(string method, string resourceType) =>
        new(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", ("Method", method), ("ResourceType", resourceType));

    internal static S3Exception NotImplemented(string what) =>
        new(501, "NotImplemented", $"A header you provided implies functionality that is not implemented ({what}).");

    internal static S3Exception IllegalVersioningConfiguration(string message) =>
        new(400, "IllegalVersioningConfigurationException", message);

    internal static S3Exception InvalidPart(string message) => new(400, "InvalidPart", message);

    internal static S3Exception InvalidPartOrder() =>
        new(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
}
