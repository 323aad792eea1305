using System.Globalization;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Logging;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.ImportCatalogue;

/// <summary>On <c>s3:ObjectCreated:*</c> under <c>imports/</c>: imports the catalogue file, writes its report and publishes <c>Catalogue Imported</c>.</summary>
/// <remarks>
/// Invoked asynchronously: a thrown error is retried twice by Lambda, then goes to the on-failure destination. Records
/// are handled in order; one that fails fails the invocation, and the retry skips what is already done.
/// </remarks>
public sealed class ImportCatalogueHandler(CatalogueImportService imports)
{
    /// <summary>The largest file imported, in bytes; required, validated at init.</summary>
    public const string MaxImportBytesVariable = "MAX_IMPORT_BYTES";

    /// <summary>The smallest value <see cref="MaxImportBytesVariable"/> may take.</summary>
    public const int MinImportBytes = 1024;

    /// <summary>The largest value <see cref="MaxImportBytesVariable"/> may take (1 GiB): far more cannot be written within Lambda's 15 minutes.</summary>
    public const int MaxImportBytesLimit = 1024 * 1024 * 1024;

    public async Task<HandlerOutcome> HandleAsync(S3Event evt, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(context);
        var outcomes = new List<string>();
        foreach (var record in evt.Records ?? [])
        {
            if (!record.IsObjectCreated)
            {
                context.Logger.Warn("S3 record ignored: not an ObjectCreated event", new LogField("eventName", record.EventName));
                outcomes.Add("ignored");
                continue;
            }

            var source = StorageEvents.ImportObject(record);
            var result = await imports.ImportAsync(source, context.Deadline, context.CancellationToken);
            outcomes.Add(Log(source, result, context));
        }

        return new HandlerOutcome(outcomes.Count == 0 ? "no records" : string.Join("; ", outcomes));
    }

    private static string Log(ImportObject source, ImportResult result, LambdaContext context)
    {
        var outcome = result.Outcome;
        var counts = outcome.Counts;
        ReadOnlySpan<LogField> fields =
        [
            new("importId", result.ImportId),
            new("bucket", source.Bucket),
            new("key", source.Key),
            new("version", source.Version),
            new("status", ImportNames.Of(outcome.Status)),
            new("reason", outcome.Reason is { } r ? ImportNames.Of(r) : null),
            new("rowsRead", counts.RowsRead),
            new("imported", counts.Imported),
            new("rejected", counts.Rejected),
            new("skipped", counts.Skipped),
            new("reportKey", outcome.ReportKey),
        ];
        if (result.AlreadyImported)
        {
            context.Logger.Info("Catalogue import already done; this delivery changed nothing", fields);
            return "already imported";
        }

        switch (outcome.Status)
        {
            case ImportStatus.Superseded:
                context.Logger.Warn(
                    outcome.Reason == ImportReason.Deleted
                        ? "Catalogue import superseded: the object was deleted before it was read; nothing imported"
                        : "Catalogue import superseded: the object changed before it was read (412); a newer object's event will follow",
                    fields);
                context.Metrics.Count("ImportsSuperseded", 1);
                return "superseded";
            case ImportStatus.Rejected:
                context.Logger.Warn("Catalogue file rejected; nothing imported", fields);
                context.Metrics.Count("ImportsRejected", 1);
                return "rejected " + ImportNames.Of(outcome.Reason ?? ImportReason.InvalidContent);
            default:
                context.Logger.Info("Catalogue imported", fields);
                context.Metrics.Count("ImportedRows", counts.Imported);
                context.Metrics.Count("RejectedRows", counts.Rejected);
                return string.Create(CultureInfo.InvariantCulture, $"imported {counts.Imported}, rejected {counts.Rejected}, skipped {counts.Skipped}");
        }
    }
}
