using Amazon.DynamoDBv2.Model;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Maps an <see cref="ImportRecord"/> to its item and back.</summary>
internal static class ImportItem
{
    public const string Stage = "stage";
    public const string LeaseToken = "leaseToken";
    public const string LeaseUntil = "leaseUntil";
    public const string Status = "status";
    public const string Reason = "reason";
    public const string RowsRead = "rowsRead";
    public const string Imported = "imported";
    public const string Rejected = "rejected";
    public const string Skipped = "skipped";
    public const string ReportKey = "reportKey";
    public const string CompletedAt = "completedAt";

    public static Dictionary<string, AttributeValue> Key(ImportObject source) => Keys.Import(source.Bucket, source.Key, source.Version);

    public static Dictionary<string, AttributeValue> From(ImportObject source, ImportRecord record)
    {
        var item = Key(source);
        item[Names.Entity] = Attr.S("Import");
        item["bucket"] = Attr.S(source.Bucket);
        item["objectKey"] = Attr.S(source.Key);
        item["eTag"] = Attr.S(source.ETag);
        if (source.VersionId is not null)
        {
            item["versionId"] = Attr.S(source.VersionId);
        }

        item["importId"] = Attr.S(record.ImportId);
        item["startedAt"] = Attr.Time(record.StartedAt);
        item[Stage] = Attr.S(StageName(record.Stage));
        item[LeaseToken] = Attr.S(record.LeaseToken);
        item[LeaseUntil] = Attr.Time(record.LeaseUntil);
        item[PlatformTable.TimeToLiveAttribute] = Attr.EpochSeconds(record.ExpiresAt);
        if (record.Outcome is { } outcome)
        {
            foreach (var (name, value) in OutcomeAttributes(outcome))
            {
                item[name] = value;
            }
        }

        return item;
    }

    public static ImportRecord To(Dictionary<string, AttributeValue> item)
    {
        var stage = ParseStage(item.GetString(Stage));
        ImportOutcome? outcome = null;
        if (stage != ImportStage.Processing)
        {
            var reason = item.GetStringOrNull(Reason);
            outcome = new ImportOutcome(
                Enum.Parse<ImportStatus>(item.GetString(Status)),
                reason is null ? null : Enum.Parse<ImportReason>(reason),
                new ImportCounts(item.GetInt(RowsRead), item.GetInt(Imported), item.GetInt(Rejected), item.GetInt(Skipped)),
                item.GetString(ReportKey),
                item.GetTime(CompletedAt));
        }

        return new ImportRecord(
            item.GetString("importId"),
            item.GetTime("startedAt"),
            stage,
            item.GetString(LeaseToken),
            item.GetTime(LeaseUntil),
            outcome,
            item.GetEpochSeconds(PlatformTable.TimeToLiveAttribute));
    }

    /// <summary>The record as it reads back: the TTL attribute holds whole seconds.</summary>
    public static ImportRecord AsStored(ImportRecord record) =>
        record with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(record.ExpiresAt.ToUnixTimeSeconds()) };

    public static IEnumerable<(string Name, AttributeValue Value)> OutcomeAttributes(ImportOutcome outcome)
    {
        yield return (Status, Attr.S(outcome.Status.ToString()));
        if (outcome.Reason is { } reason)
        {
            yield return (Reason, Attr.S(reason.ToString()));
        }

        yield return (RowsRead, Attr.N(outcome.Counts.RowsRead));
        yield return (Imported, Attr.N(outcome.Counts.Imported));
        yield return (Rejected, Attr.N(outcome.Counts.Rejected));
        yield return (Skipped, Attr.N(outcome.Counts.Skipped));
        yield return (ReportKey, Attr.S(outcome.ReportKey));
        yield return (CompletedAt, Attr.Time(outcome.CompletedAt));
    }

    public static string StageName(ImportStage stage) => stage switch
    {
        ImportStage.Processing => "processing",
        ImportStage.Completed => "completed",
        _ => "published",
    };

    private static ImportStage ParseStage(string value) => value switch
    {
        "processing" => ImportStage.Processing,
        "completed" => ImportStage.Completed,
        "published" => ImportStage.Published,
        _ => throw new InvalidDataException($"Import stage '{value}' is unknown."),
    };
}
