using System.Text.Json.Serialization;
using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>One problem of one rejected row: the line it starts on, the field that is wrong and why (never the value).</summary>
public sealed record ImportRowError(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>The row counts as the report writes them.</summary>
public sealed record ImportReportCounts(
    [property: JsonPropertyName("rowsRead")] int RowsRead,
    [property: JsonPropertyName("imported")] int Imported,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("skipped")] int Skipped);

/// <summary>The report object written to <c>reports/</c> for every version of an import file.</summary>
/// <remarks>At most <see cref="CatalogueImportSettings.MaxListedErrors"/> errors are listed, in line order; <see cref="ErrorCount"/> counts them all.</remarks>
public sealed record ImportReport(
    [property: JsonPropertyName("importId")] string ImportId,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("eTag")] string ETag,
    [property: JsonPropertyName("versionId")] string? VersionId,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("counts")] ImportReportCounts Counts,
    [property: JsonPropertyName("errorCount")] int ErrorCount,
    [property: JsonPropertyName("errors")] IReadOnlyList<ImportRowError> Errors,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("completedAt")] DateTimeOffset CompletedAt);

/// <summary>Source-generated serialization of import reports.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ImportReport))]
public sealed partial class ImportJsonContext : JsonSerializerContext;

/// <summary>Collects one import's counts and errors in line order while its rows stream past.</summary>
internal sealed class ImportTally(int maxListedErrors)
{
    private readonly List<ImportRowError> _errors = [];

    public int RowsRead { get; private set; }

    public int Imported { get; private set; }

    public int Rejected { get; private set; }

    public int Skipped { get; private set; }

    public int ErrorCount { get; private set; }

    public IReadOnlyList<ImportRowError> Errors => _errors;

    public ImportCounts Counts => new(RowsRead, Imported, Rejected, Skipped);

    public void CountImported()
    {
        RowsRead++;
        Imported++;
    }

    public void CountSkipped()
    {
        RowsRead++;
        Skipped++;
    }

    public void CountRejected(int line, IReadOnlyList<FieldProblem> problems)
    {
        RowsRead++;
        Rejected++;
        foreach (var problem in problems)
        {
            ErrorCount++;
            if (_errors.Count < maxListedErrors)
            {
                _errors.Add(new ImportRowError(line, problem.Field, problem.Message));
            }
        }
    }
}
