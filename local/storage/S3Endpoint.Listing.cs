using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

// Listings: ListObjects v1 and v2, ListObjectVersions.
public sealed partial class S3Endpoint
{
    private static readonly string[] ListParameters =
        ["list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after", "encoding-type", "fetch-owner", "marker"];

    private static readonly string[] VersionListParameters = ["versions", "prefix", "delimiter", "max-keys", "key-marker", "version-id-marker", "encoding-type"];

    // The continuation token is opaque to clients; it carries the last key or common prefix returned.
    private const string TokenTag = "local-s3:";

    private async Task ListObjectsAsync(HttpContext context, string bucket, bool version2)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString() is { Length: > 0 } d ? d : null;
        var maxKeys = MaxKeys(query, "max-keys");
        var urlEncoded = EncodingType(query);
        var continuationToken = version2 && query.TryGetValue("continuation-token", out var token) ? token.ToString() : null;
        var startAfter = version2 && query["start-after"].ToString() is { Length: > 0 } after ? after : null;
        var marker = version2 ? ParseContinuationToken(continuationToken) : query["marker"].ToString() is { Length: > 0 } m ? m : null;
        var fetchOwner = !version2 || string.Equals(query["fetch-owner"], "true", StringComparison.OrdinalIgnoreCase);
        var page = _store.List(bucket, new ListRequest(prefix, delimiter, maxKeys, startAfter, marker));
        string Encode(string value) => urlEncoded ? KeyEncoding.ForListing(value) : value;

        await S3Xml.WriteAsync(context.Response, "ListBucketResult", xml =>
        {
            xml.Element("Name", bucket);
            xml.Element("Prefix", Encode(prefix));
            if (version2)
            {
                xml.Element("KeyCount", page.Contents.Count + page.CommonPrefixes.Count);
                xml.Element("ContinuationToken", continuationToken);
                xml.Element("NextContinuationToken", page.IsTruncated ? ContinuationToken(page.LastEntry!) : null);
                xml.Element("StartAfter", startAfter is null ? null : Encode(startAfter));
            }
            else
            {
                xml.Element("Marker", Encode(marker ?? string.Empty));
                xml.Element("NextMarker", page.IsTruncated && delimiter is not null ? Encode(page.LastEntry!) : null);
            }

            xml.Element("MaxKeys", maxKeys);
            xml.Element("Delimiter", delimiter is null ? null : Encode(delimiter));
            xml.Element("EncodingType", urlEncoded ? "url" : null);
            xml.Element("IsTruncated", page.IsTruncated);
            foreach (var (key, version) in page.Contents)
            {
                xml.WriteStartElement("Contents");
                xml.Element("Key", Encode(key));
                xml.Element("LastModified", ObjectHeaders.XmlTime(version.LastModified));
                xml.Element("ETag", ObjectHeaders.Quote(version.ETag));
                xml.Element("ChecksumAlgorithm", version.ChecksumAlgorithm);
                xml.Element("ChecksumType", version.ChecksumType);
                xml.Element("Size", version.Size);
                if (fetchOwner)
                {
                    WriteOwner(xml);
                }

                xml.Element("StorageClass", "STANDARD");
                xml.WriteEndElement();
            }

            WriteCommonPrefixes(xml, page.CommonPrefixes, Encode);
        }).ConfigureAwait(false);
    }

    private async Task ListVersionsAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString() is { Length: > 0 } d ? d : null;
        var maxKeys = MaxKeys(query, "max-keys");
        var urlEncoded = EncodingType(query);
        var keyMarker = query["key-marker"].ToString() is { Length: > 0 } k ? k : null;
        var versionIdMarker = keyMarker is not null && query["version-id-marker"].ToString() is { Length: > 0 } v ? v : null;
        var page = _store.ListVersions(bucket, new VersionListRequest(prefix, delimiter, maxKeys, keyMarker, versionIdMarker));
        string Encode(string value) => urlEncoded ? KeyEncoding.ForListing(value) : value;

        await S3Xml.WriteAsync(context.Response, "ListVersionsResult", xml =>
        {
            xml.Element("Name", bucket);
            xml.Element("Prefix", Encode(prefix));
            xml.Element("KeyMarker", Encode(keyMarker ?? string.Empty));
            xml.Element("VersionIdMarker", versionIdMarker ?? string.Empty);
            if (page.IsTruncated)
            {
                xml.Element("NextKeyMarker", Encode(page.NextKeyMarker!));
                xml.Element("NextVersionIdMarker", page.NextVersionIdMarker);
            }

            xml.Element("MaxKeys", maxKeys);
            xml.Element("Delimiter", delimiter is null ? null : Encode(delimiter));
            xml.Element("EncodingType", urlEncoded ? "url" : null);
            xml.Element("IsTruncated", page.IsTruncated);
            foreach (var entry in page.Versions)
            {
                var version = entry.Version;
                xml.WriteStartElement(version.IsDeleteMarker ? "DeleteMarker" : "Version");
                xml.Element("Key", Encode(entry.Key));
                xml.Element("VersionId", version.VersionId);
                xml.Element("IsLatest", entry.IsLatest);
                xml.Element("LastModified", ObjectHeaders.XmlTime(version.LastModified));
                if (!version.IsDeleteMarker)
                {
                    xml.Element("ETag", ObjectHeaders.Quote(version.ETag));
                    xml.Element("ChecksumAlgorithm", version.ChecksumAlgorithm);
                    xml.Element("ChecksumType", version.ChecksumType);
                    xml.Element("Size", version.Size);
                    xml.Element("StorageClass", "STANDARD");
                }

                WriteOwner(xml);
                xml.WriteEndElement();
            }

            WriteCommonPrefixes(xml, page.CommonPrefixes, Encode);
        }).ConfigureAwait(false);
    }

    private static void WriteCommonPrefixes(XmlWriter xml, IReadOnlyList<string> prefixes, Func<string, string> encode)
    {
        foreach (var prefix in prefixes)
        {
            xml.WriteStartElement("CommonPrefixes");
            xml.Element("Prefix", encode(prefix));
            xml.WriteEndElement();
        }
    }

    private static bool EncodingType(IQueryCollection query) => query["encoding-type"].ToString() switch
    {
        "" => false,
        "url" => true,
        var other => throw S3Exception.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", other),
    };

    private static string ContinuationToken(string lastEntry) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenTag + lastEntry));

    private static string? ParseContinuationToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(TokenTag, StringComparison.Ordinal)
                ? text[TokenTag.Length..]
                : throw S3Exception.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}
