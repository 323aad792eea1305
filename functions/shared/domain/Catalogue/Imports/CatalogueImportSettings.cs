namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>The limits of a catalogue import.</summary>
/// <param name="MaxImportBytes">The largest file imported (MAX_IMPORT_BYTES); a larger one is rejected with a report and nothing imported.</param>
public sealed record CatalogueImportSettings(long MaxImportBytes)
{
    /// <summary>Most errors a report lists; it counts them all.</summary>
    public int MaxListedErrors { get; init; } = 1000;

    /// <summary>Most row writes in flight at once; rows of one SKU are still written in line order.</summary>
    public int MaxConcurrentWrites { get; init; } = 16;

    /// <summary>How long an import record is kept (the table's TTL); a notification re-delivered within it changes nothing.</summary>
    public TimeSpan RecordLifetime { get; init; } = TimeSpan.FromDays(30);
}

/// <summary>Another invocation holds the import's lease; thrown so the trigger's retry policy delivers the notification again later.</summary>
public sealed class ImportInProgressException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ImportInProgressException() : base("Another invocation is importing this object.") { }

    /// <summary>Creates the exception with a message.</summary>
    public ImportInProgressException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ImportInProgressException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>What <see cref="CatalogueImportService.ImportAsync"/> did.</summary>
/// <param name="AlreadyImported">True when an earlier delivery had finished the import, so this one changed nothing.</param>
/// <param name="ImportId">The import's id.</param>
/// <param name="Outcome">The import's outcome (the earlier one when <paramref name="AlreadyImported"/>).</param>
public sealed record ImportResult(bool AlreadyImported, string ImportId, ImportOutcome Outcome);
