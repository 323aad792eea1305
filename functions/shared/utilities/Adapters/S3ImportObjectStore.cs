using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Functions.Shared.Utilities.Adapters;

/// <summary>Reads import files from S3 and writes their reports, with AWSSDK.S3.</summary>
/// <remarks>
/// Reads need only <c>s3:GetObject</c>: the object is fetched by key with <c>If-Match</c> on the notification's ETag
/// (never by version id, which would need <c>s3:GetObjectVersion</c>), so exactly the notified bytes are read or, when
/// a newer object replaced them, S3 answers 412 and the import is superseded.
/// </remarks>
public sealed class S3ImportObjectStore(IAmazonS3 client) : IImportObjectStore
{
    /// <summary>The SDK service id, so <c>AWS_ENDPOINT_URL_S3</c> overrides the endpoint.</summary>
    public const string ServiceId = "S3";

    /// <summary>A store on the client <see cref="CreateClient(Func{string, string?}?)"/> builds from the environment.</summary>
    public static S3ImportObjectStore FromEnvironment() => new(CreateClient());

    /// <summary>
    /// An S3 client for <c>AWS_REGION</c> with the default credential chain. When <c>AWS_ENDPOINT_URL_S3</c> (or
    /// <c>AWS_ENDPOINT_URL</c>) is set, it is the endpoint and requests use path-style addressing, as S3-compatible
    /// local endpoints need; checksums are sent and validated only where S3 requires them, so such endpoints need not
    /// implement trailing checksums.
    /// </summary>
    /// <param name="getEnv">Reads a variable; defaults to the process environment.</param>
    public static AmazonS3Client CreateClient(Func<string, string?>? getEnv = null) => CreateClient(null, getEnv);

    /// <summary>As <see cref="CreateClient(Func{string, string?}?)"/>, with explicit credentials (the default chain when null).</summary>
    /// <param name="credentials">The credentials to sign with, or null for the default chain.</param>
    /// <param name="getEnv">Reads a variable; defaults to the process environment.</param>
    public static AmazonS3Client CreateClient(AWSCredentials? credentials, Func<string, string?>? getEnv = null)
    {
        var region = AwsEndpoints.ResolveRegion(getEnv);
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(region),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (AwsEndpoints.ResolveConfigured(ServiceId, getEnv) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <inheritdoc />
    public async Task<ImportObjectOpening> OpenAsync(ImportObject source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var response = await client.GetObjectAsync(
                new GetObjectRequest { BucketName = source.Bucket, Key = source.Key, EtagToMatch = Quoted(source.ETag) },
                cancellationToken).ConfigureAwait(false);
            var length = response.Headers.ContentLength;
            return new ImportObjectOpening(
                new ImportObjectContent(response.ResponseStream, length >= 0 ? length : null, response.Headers.ContentType),
                null);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return new ImportObjectOpening(null, ImportReason.Replaced);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == "NoSuchKey")
        {
            return new ImportObjectOpening(null, ImportReason.Deleted);
        }
    }

    /// <inheritdoc />
    public async Task PutReportAsync(string bucket, string key, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(json.ToArray(), writable: false);
        await client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = body,
                ContentType = "application/json",
                // One signed body instead of aws-chunked encoding: the report is small, and every S3-compatible endpoint takes it.
                UseChunkEncoding = false,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string Quoted(string eTag) => eTag.StartsWith('"') ? eTag : $"\"{eTag}\"";
}
