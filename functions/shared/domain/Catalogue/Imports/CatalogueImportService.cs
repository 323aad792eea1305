using System.Globalization;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;

namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>Imports a catalogue file (CSV or JSON Lines) from the object store: upserts its valid rows, reports the invalid ones, publishes <c>Catalogue Imported</c>.</summary>
/// <remarks>
/// <para>
/// Idempotent per version of a file (its version id, else its ETag). An import record is claimed before any work, with a
/// lease until the invocation's deadline, and moves <c>processing → completed → published</c>. A notification delivered
/// again after <c>published</c> changes nothing. A retry after a failure takes the lease over and finishes the job: rows
/// the failed attempt wrote are recognised by the import mark on the product and not written or counted twice, and the
/// outcome of a completed import is published from the record without reading the file again. While another invocation
/// holds a live lease, <see cref="ImportInProgressException"/> is thrown so the trigger retries later. The event is
/// published once per import, except when an invocation dies between publishing and recording it: consumers deduplicate
/// on <c>importId</c>.
/// </para>
/// <para>
/// A file is either imported row by row or, when it is too large, not CSV/JSON Lines or not text, rejected as a whole
/// before any row is written. The file is streamed: never more than one row and the writes in flight are held.
/// Duplicate SKUs in one file: the first row with the SKU is imported, every later one is rejected naming that line.
/// </para>
/// </remarks>
public sealed class CatalogueImportService(
    IImportLedger ledger,
    IImportObjectStore objects,
    ICatalogueReader reader,
    IProductImportStore products,
    IEventPublisher events,
    IIdGenerator ids,
    TimeProvider time,
    CatalogueImportSettings settings)
{
    /// <summary>Imports one version of a file, or does nothing when an earlier delivery finished it.</summary>
    /// <param name="source">The object the notification names.</param>
    /// <param name="leaseUntil">The invocation's deadline: no other delivery takes the import over before it.</param>
    /// <param name="cancellationToken">Fires before the deadline.</param>
    /// <exception cref="ContractViolationException">The key is not under <c>imports/</c> (the trigger is misconfigured).</exception>
    /// <exception cref="ImportInProgressException">Another invocation holds the import's lease.</exception>
    public async Task<ImportResult> ImportAsync(ImportObject source, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.IsUnderImports)
        {
            throw new ContractViolationException($"The object key does not lie under {ImportObject.ImportsPrefix}; the trigger should deliver only those.");
        }

        var now = time.GetUtcNow();
        var token = ids.NewId("lease");
        var fresh = new ImportRecord(ids.NewId("imp"), now, ImportStage.Processing, token, leaseUntil, null, now + settings.RecordLifetime);
        var record = await ledger.BeginAsync(source, fresh, cancellationToken);
        if (record.LeaseToken != token)
        {
            if (record.Stage == ImportStage.Published)
            {
                return new ImportResult(true, record.ImportId, record.Outcome ?? throw new InvalidOperationException($"Import {record.ImportId} is published without an outcome."));
            }

            if (record.LeaseUntil > now || !await ledger.TakeOverAsync(source, record.LeaseToken, token, leaseUntil, cancellationToken))
            {
                throw new ImportInProgressException(
                    string.Create(CultureInfo.InvariantCulture, $"Import {record.ImportId} is held by another invocation until {record.LeaseUntil:O}; the retry will find it finished or free."));
            }

            record = record with { LeaseToken = token, LeaseUntil = leaseUntil };
        }

        try
        {
            var outcome = record.Outcome;
            if (record.Stage == ImportStage.Processing || outcome is null)
            {
                outcome = await RunAsync(source, record, cancellationToken);
                if (!await ledger.CompleteAsync(source, token, outcome, cancellationToken))
                {
                    throw new ImportInProgressException($"Import {record.ImportId} was taken over by another invocation before it completed.");
                }
            }

            await events.PublishAsync([EventFactory.CatalogueImported(source, record.ImportId, outcome)], cancellationToken);

            // False only if another invocation took the lease after this one's deadline; it publishes too, and consumers deduplicate.
            await ledger.MarkPublishedAsync(source, token, cancellationToken);
            return new ImportResult(false, record.ImportId, outcome);
        }
        catch
        {
            // Free the lease so the trigger's retry can take over at once instead of waiting for this invocation's deadline.
            await ledger.ReleaseAsync(source, token, time.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    private async Task<ImportOutcome> RunAsync(ImportObject source, ImportRecord record, CancellationToken cancellationToken)
    {
        var report = new ReportWriter(source, record, settings.MaxListedErrors);
        if (source.Size > settings.MaxImportBytes)
        {
            return await FinishAsync(report.Refused(ImportReason.TooLarge, TooLargeMessage(source.Size.Value)), cancellationToken);
        }

        var opening = await objects.OpenAsync(source, cancellationToken);
        if (opening.Content is not { } content)
        {
            var reason = opening.Superseded ?? ImportReason.Replaced;
            return await FinishAsync(report.Superseded(reason), cancellationToken);
        }

        await using (content)
        {
            if (content.ContentLength > settings.MaxImportBytes)
            {
                return await FinishAsync(report.Refused(ImportReason.TooLarge, TooLargeMessage(content.ContentLength.Value)), cancellationToken);
            }

            if (CatalogueFormats.Detect(source.Key, content.ContentType) is not { } format)
            {
                return await FinishAsync(
                    report.Refused(ImportReason.UnsupportedFormat, "Only CSV (.csv, or content type text/csv) and JSON Lines (.jsonl, or content type application/jsonl) files are imported."),
                    cancellationToken);
            }

            report.Format = format;
            var parsed = await reader.OpenAsync(new LimitedReadStream(content.Content, settings.MaxImportBytes), format, cancellationToken);
            if (parsed.Rows is not { } rows)
            {
                return await FinishAsync(report.Refused(parsed.Rejection ?? ImportReason.InvalidContent, parsed.Message ?? "The file's content is not a catalogue."), cancellationToken);
            }

            await WriteRowsAsync(rows, new ImportMark(record.StartedAt, record.ImportId), report.Tally, cancellationToken);
        }

        return await FinishAsync(report.Imported(), cancellationToken);
    }

    /// <summary>Writes valid rows with up to <see cref="CatalogueImportSettings.MaxConcurrentWrites"/> in flight, one SKU's rows in line order, and tallies every row in line order.</summary>
    private async Task WriteRowsAsync(IAsyncEnumerable<CatalogueRow> rows, ImportMark mark, ImportTally tally, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<(CatalogueRow Row, Task<ImportWrite>? Write)>();
        var latestBySku = new Dictionary<string, Task<ImportWrite>>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                Task<ImportWrite>? write = null;
                if (row.Product is { } product)
                {
                    // Chained behind the SKU's previous write, so the first row with a SKU always writes first.
                    write = WriteAfterAsync(latestBySku.GetValueOrDefault(product.Sku), product, mark, row.Line, stop.Token);
                    latestBySku[product.Sku] = write;
                }

                window.Enqueue((row, write));
                while (window.Count >= settings.MaxConcurrentWrites)
                {
                    await TallyNextAsync(window, latestBySku, tally);
                }
            }

            while (window.Count > 0)
            {
                await TallyNextAsync(window, latestBySku, tally);
            }
        }
        catch
        {
            // Let the writes in flight settle before the lease is released, so none of this attempt's writes lands after a retry began.
            await stop.CancelAsync();
            await Task.WhenAll(window.Select(w => w.Write).OfType<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private async Task<ImportWrite> WriteAfterAsync(Task<ImportWrite>? previous, ProductUpsert product, ImportMark mark, int line, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            // A failure of the previous write fails the import when it is tallied; this one just must not overtake it.
            await ((Task)previous).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await products.ImportAsync(product, mark, line, time.GetUtcNow(), cancellationToken);
    }

    private static async Task TallyNextAsync(
        Queue<(CatalogueRow Row, Task<ImportWrite>? Write)> window,
        Dictionary<string, Task<ImportWrite>> latestBySku,
        ImportTally tally)
    {
        var (row, write) = window.Dequeue();
        if (write is null)
        {
            tally.CountRejected(row.Line, row.Problems);
            return;
        }

        var result = await write;
        var sku = row.Product!.Sku;
        if (latestBySku.TryGetValue(sku, out var latest) && latest == write)
        {
            latestBySku.Remove(sku);
        }

        switch (result.Outcome)
        {
            case ImportWriteOutcome.Written or ImportWriteOutcome.AlreadyWritten:
                tally.CountImported();
                break;
            case ImportWriteOutcome.Duplicate:
                tally.CountRejected(row.Line, [new FieldProblem("sku", string.Create(CultureInfo.InvariantCulture, $"repeats the SKU of line {result.FirstLine}, which is imported instead"))]);
                break;
            default:
                tally.CountSkipped();
                break;
        }
    }

    private async Task<ImportOutcome> FinishAsync(ReportWriter.Finished finished, CancellationToken cancellationToken)
    {
        var completedAt = time.GetUtcNow();
        var (report, outcome) = finished.At(completedAt);
        await objects.PutReportAsync(report.Bucket, outcome.ReportKey, JsonSerializer.SerializeToUtf8Bytes(report, ImportJsonContext.Default.ImportReport), cancellationToken);
        return outcome;
    }

    private string TooLargeMessage(long size) =>
        string.Create(CultureInfo.InvariantCulture, $"The file is {size} bytes; files larger than {settings.MaxImportBytes} bytes (MAX_IMPORT_BYTES) are not imported. Split it into smaller files.");

    /// <summary>Builds the report and the outcome of one import.</summary>
    private sealed class ReportWriter(ImportObject source, ImportRecord record, int maxListedErrors)
    {
        public ImportTally Tally { get; } = new(maxListedErrors);

        public CatalogueFormat? Format { get; set; }

        public Finished Refused(ImportReason reason, string message) => new(this, ImportStatus.Rejected, reason, message);

        public Finished Superseded(ImportReason reason) => new(
            this,
            ImportStatus.Superseded,
            reason,
            reason == ImportReason.Deleted
                ? "The object was deleted before it could be read; nothing was imported."
                : "The object was replaced before it could be read; nothing was imported. The newer object's notification imports it.");

        public Finished Imported() => new(
            this,
            ImportStatus.Imported,
            null,
            Tally.Rejected == 0 && Tally.Skipped == 0
                ? "Every row was imported."
                : "The valid rows were imported; the rejected rows are listed in errors, and skipped rows had already been written by a later import.");

        public sealed class Finished(ReportWriter writer, ImportStatus status, ImportReason? reason, string message)
        {
            public (ImportReport Report, ImportOutcome Outcome) At(DateTimeOffset completedAt)
            {
                var tally = writer.Tally;
                var counts = tally.Counts;
                var source = writer.Source;
                var report = new ImportReport(
                    writer.Record.ImportId,
                    source.Bucket,
                    source.Key,
                    source.ETag,
                    source.VersionId,
                    writer.Format is { } format ? CatalogueFormats.Name(format) : null,
                    ImportNames.Of(status),
                    reason is { } r ? ImportNames.Of(r) : null,
                    message,
                    new ImportReportCounts(counts.RowsRead, counts.Imported, counts.Rejected, counts.Skipped),
                    tally.ErrorCount,
                    tally.Errors,
                    writer.Record.StartedAt,
                    completedAt);
                return (report, new ImportOutcome(status, reason, counts, source.ReportKey, completedAt));
            }
        }

        private ImportObject Source => source;

        private ImportRecord Record => record;
    }
}
