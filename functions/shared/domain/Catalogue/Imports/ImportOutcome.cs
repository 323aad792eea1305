namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>How an import file ended.</summary>
public enum ImportStatus
{
    /// <summary>The file was read to its end; its valid rows are imported and its invalid rows are in the report.</summary>
    Imported,

    /// <summary>The file as a whole was refused (size, format, content); nothing was imported.</summary>
    Rejected,

    /// <summary>The object changed or went away before it was read; nothing was imported, and the newer object has its own notification.</summary>
    Superseded,
}

/// <summary>Why a file was rejected or superseded; the report says it in words.</summary>
public enum ImportReason
{
    /// <summary>Larger than MAX_IMPORT_BYTES.</summary>
    TooLarge,

    /// <summary>Neither <c>.csv</c> nor <c>.jsonl</c>, nor a CSV or JSON Lines content type.</summary>
    UnsupportedFormat,

    /// <summary>Not UTF-8 text (a NUL byte or invalid UTF-8 near the start).</summary>
    NotText,

    /// <summary>A CSV file without the header <c>sku,name,price,stock</c>, or a JSON Lines file whose first line is not an object.</summary>
    InvalidContent,

    /// <summary>A newer object replaced this one before it was read.</summary>
    Replaced,

    /// <summary>The object was deleted before it was read.</summary>
    Deleted,
}

/// <summary>The row counts of an import: <c>RowsRead = Imported + Rejected + Skipped</c>.</summary>
/// <param name="RowsRead">Data rows in the file (not the header, not blank lines).</param>
/// <param name="Imported">Valid rows whose product now holds the row's values (written by this import).</param>
/// <param name="Rejected">Invalid rows, and later rows repeating a SKU of an earlier row.</param>
/// <param name="Skipped">Valid rows not written because an import started later had already written the product.</param>
public sealed record ImportCounts(int RowsRead, int Imported, int Rejected, int Skipped)
{
    /// <summary>No rows.</summary>
    public static ImportCounts Zero { get; } = new(0, 0, 0, 0);
}

/// <summary>The result of one import file, kept in the import record so a retry can publish it without reading the file again.</summary>
public sealed record ImportOutcome(ImportStatus Status, ImportReason? Reason, ImportCounts Counts, string ReportKey, DateTimeOffset CompletedAt);

/// <summary>Event and report names of statuses and reasons.</summary>
public static class ImportNames
{
    /// <summary><c>imported</c>, <c>rejected</c> or <c>superseded</c>.</summary>
    public static string Of(ImportStatus status) => status switch
    {
        ImportStatus.Imported => "imported",
        ImportStatus.Rejected => "rejected",
        _ => "superseded",
    };

    /// <summary><c>too_large</c>, <c>unsupported_format</c>, <c>not_text</c>, <c>invalid_content</c>, <c>replaced</c> or <c>deleted</c>.</summary>
    public static string Of(ImportReason reason) => reason switch
    {
        ImportReason.TooLarge => "too_large",
        ImportReason.UnsupportedFormat => "unsupported_format",
        ImportReason.NotText => "not_text",
        ImportReason.InvalidContent => "invalid_content",
        ImportReason.Replaced => "replaced",
        _ => "deleted",
    };
}
