using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>An import file opened for reading; dispose it to close the connection.</summary>
/// <param name="Content">The object's bytes, to be read once, front to back.</param>
/// <param name="ContentLength">The length the store announced, or null.</param>
/// <param name="ContentType">The object's content type, or null.</param>
public sealed record ImportObjectContent(Stream Content, long? ContentLength, string? ContentType) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>What opening an import file found.</summary>
/// <param name="Content">The content, when the object still has the notification's ETag.</param>
/// <param name="Superseded">Why the object could not be read (<see cref="ImportReason.Replaced"/> or <see cref="ImportReason.Deleted"/>), when <paramref name="Content"/> is null.</param>
public sealed record ImportObjectOpening(ImportObjectContent? Content, ImportReason? Superseded);

/// <summary>The object store holding import files and their reports (S3).</summary>
public interface IImportObjectStore
{
    /// <summary>Opens exactly the version the notification names: the object only while it still has <see cref="ImportObject.ETag"/>.</summary>
    Task<ImportObjectOpening> OpenAsync(ImportObject source, CancellationToken cancellationToken);

    /// <summary>Writes a report (JSON) to <paramref name="key"/> in <paramref name="bucket"/>, replacing any earlier one.</summary>
    Task PutReportAsync(string bucket, string key, ReadOnlyMemory<byte> json, CancellationToken cancellationToken);
}

/// <summary>One data row of an import file: a valid product, or the problems that make it invalid.</summary>
/// <param name="Line">The line the row starts on (1 is the first line of the file).</param>
/// <param name="Product">The row's product when it is valid.</param>
/// <param name="Problems">The row's problems, one per wrong field, never echoing values; empty when valid.</param>
public sealed record CatalogueRow(int Line, ProductUpsert? Product, IReadOnlyList<FieldProblem> Problems);

/// <summary>An import file's rows, or why the whole file is refused.</summary>
/// <param name="Rows">The data rows, read lazily from the stream, when the file is accepted.</param>
/// <param name="Rejection">Why the file is refused (<see cref="ImportReason.NotText"/> or <see cref="ImportReason.InvalidContent"/>), when <paramref name="Rows"/> is null.</param>
/// <param name="Message">Says what was wrong with the file, for the report; null when accepted.</param>
public sealed record CatalogueContent(IAsyncEnumerable<CatalogueRow>? Rows, ImportReason? Rejection, string? Message)
{
    /// <summary>A file whose rows follow.</summary>
    public static CatalogueContent Accepted(IAsyncEnumerable<CatalogueRow> rows) => new(rows, null, null);

    /// <summary>A file refused as a whole.</summary>
    public static CatalogueContent Refused(ImportReason reason, string message) => new(null, reason, message);
}

/// <summary>Parses and validates an import file while it streams in.</summary>
public interface ICatalogueReader
{
    /// <summary>Checks the start of the file (text, header) and returns its rows, or why it is refused; never reads the whole file at once.</summary>
    Task<CatalogueContent> OpenAsync(Stream content, CatalogueFormat format, CancellationToken cancellationToken);
}

/// <summary>Orders the writes of imports: a product keeps the values of the import that started last.</summary>
/// <param name="StartedAt">When the import was first claimed (the same on every retry).</param>
/// <param name="ImportId">The import's id, breaking ties between imports started in the same tick.</param>
public sealed record ImportMark(DateTimeOffset StartedAt, string ImportId);

/// <summary>What writing one import row did.</summary>
public enum ImportWriteOutcome
{
    /// <summary>The product now holds the row's values.</summary>
    Written,

    /// <summary>This import had already written this row (a retry after a crash); nothing was written again.</summary>
    AlreadyWritten,

    /// <summary>This import had already written the SKU from an earlier line; the row is a duplicate.</summary>
    Duplicate,

    /// <summary>An import started later had already written the product; its values stay.</summary>
    Superseded,
}

/// <summary>The result of writing one import row.</summary>
/// <param name="Outcome">What the write did.</param>
/// <param name="FirstLine">For <see cref="ImportWriteOutcome.Duplicate"/>, the line that wrote the SKU; else 0.</param>
public sealed record ImportWrite(ImportWriteOutcome Outcome, int FirstLine = 0);

/// <summary>Writes import rows to products, each write conditional on the product's import mark.</summary>
/// <remarks>
/// A product remembers the mark and line of the import row that last wrote it. A row is written only if no import or
/// an earlier-started one wrote the product last, so a retried import never writes a row twice (and never undoes stock
/// that orders reserved since), and a late retry of an older import never overwrites a newer import's values.
/// </remarks>
public interface IProductImportStore
{
    /// <summary>Creates or replaces the product's name, price and stock unless the mark says otherwise; keeps its reservations.</summary>
    Task<ImportWrite> ImportAsync(ProductUpsert row, ImportMark mark, int line, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Where an import record stands.</summary>
public enum ImportStage
{
    /// <summary>Claimed; the file is being read and its rows written.</summary>
    Processing,

    /// <summary>The report is written and the outcome recorded; the event may not be published yet.</summary>
    Completed,

    /// <summary>The event is published: the import is done, and a later delivery of the same notification changes nothing.</summary>
    Published,
}

/// <summary>The record of importing one version of one import file.</summary>
/// <param name="ImportId">The import's id (<c>imp_…</c>), carried by its event and report.</param>
/// <param name="StartedAt">When the import was first claimed.</param>
/// <param name="Stage">Where the import stands.</param>
/// <param name="LeaseToken">Identifies the invocation working on the import; every later write is conditioned on it.</param>
/// <param name="LeaseUntil">Until when that invocation may still be running; after it, a retry takes over.</param>
/// <param name="Outcome">The outcome, from <see cref="ImportStage.Completed"/> on.</param>
/// <param name="ExpiresAt">When the table's time to live removes the record.</param>
public sealed record ImportRecord(
    string ImportId,
    DateTimeOffset StartedAt,
    ImportStage Stage,
    string LeaseToken,
    DateTimeOffset LeaseUntil,
    ImportOutcome? Outcome,
    DateTimeOffset ExpiresAt);

/// <summary>Import records, one per version of an import file: claimed before any work, completed after it.</summary>
/// <remarks>Every write except <see cref="BeginAsync"/> is conditioned on the lease token, so only the invocation holding the lease moves the record on.</remarks>
public interface IImportLedger
{
    /// <summary>Stores <paramref name="fresh"/> unless the version has a record; returns the record that holds it afterwards.</summary>
    Task<ImportRecord> BeginAsync(ImportObject source, ImportRecord fresh, CancellationToken cancellationToken);

    /// <summary>Moves the lease from <paramref name="expectedToken"/> to <paramref name="token"/>; false when someone else moved it first.</summary>
    Task<bool> TakeOverAsync(ImportObject source, string expectedToken, string token, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records the outcome (stage <see cref="ImportStage.Completed"/>); false when the lease is no longer <paramref name="token"/>'s.</summary>
    Task<bool> CompleteAsync(ImportObject source, string token, ImportOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Records that the event is published (stage <see cref="ImportStage.Published"/>); false when the lease is no longer <paramref name="token"/>'s.</summary>
    Task<bool> MarkPublishedAsync(ImportObject source, string token, CancellationToken cancellationToken);

    /// <summary>Ends the lease early after a failure, so the retry need not wait for it; does nothing when the lease is no longer <paramref name="token"/>'s.</summary>
    Task ReleaseAsync(ImportObject source, string token, DateTimeOffset now, CancellationToken cancellationToken);
}
