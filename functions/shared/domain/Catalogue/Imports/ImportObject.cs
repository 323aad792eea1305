namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>One version of an object under <c>imports/</c>, as its storage notification names it.</summary>
/// <param name="Bucket">The bucket; the report goes to the same bucket, under <c>reports/</c>.</param>
/// <param name="Key">The object key, already URL-decoded.</param>
/// <param name="ETag">The ETag without quotes; the object is read only while it still has this ETag.</param>
/// <param name="VersionId">The version id in a versioned bucket, else null.</param>
/// <param name="Size">The size in bytes the notification reports, or null when it reports none.</param>
public sealed record ImportObject(string Bucket, string Key, string ETag, string? VersionId, long? Size)
{
    /// <summary>The prefix import files are uploaded under; the trigger filters on it.</summary>
    public const string ImportsPrefix = "imports/";

    /// <summary>The prefix reports are written under.</summary>
    public const string ReportsPrefix = "reports/";

    /// <summary>What identifies this version of the key: the version id when there is one, else the ETag.</summary>
    public string Version => VersionId ?? ETag;

    /// <summary>Whether the key lies under <see cref="ImportsPrefix"/> and names a file (not the prefix itself).</summary>
    public bool IsUnderImports => Key.StartsWith(ImportsPrefix, StringComparison.Ordinal) && Key.Length > ImportsPrefix.Length;

    /// <summary><c>reports/&lt;key without imports/&gt;.&lt;version&gt;.report.json</c>: one report per version of an import file.</summary>
    public string ReportKey => $"{ReportsPrefix}{(IsUnderImports ? Key[ImportsPrefix.Length..] : Key)}.{Version}.report.json";
}
