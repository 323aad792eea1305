using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Import records keyed by bucket, key and version, with the lease conditions the port documents.</summary>
internal sealed class InMemoryImportLedger : IImportLedger
{
    private readonly Dictionary<(string Bucket, string Key, string Version), ImportRecord> _records = [];

    public IReadOnlyCollection<ImportRecord> All => _records.Values;

    public ImportRecord Of(ImportObject source) => _records[Id(source)];

    /// <summary>Fails the next <see cref="MarkPublishedAsync"/>, as a crash right after publishing would leave it.</summary>
    public bool FailNextMarkPublished { get; set; }

    public Task<ImportRecord> BeginAsync(ImportObject source, ImportRecord fresh, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue(Id(source), out var existing))
        {
            _records[Id(source)] = existing = fresh;
        }

        return Task.FromResult(existing);
    }

    public Task<bool> TakeOverAsync(ImportObject source, string expectedToken, string token, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Task.FromResult(Update(source, expectedToken, r => r with { LeaseToken = token, LeaseUntil = leaseUntil }));

    public Task<bool> CompleteAsync(ImportObject source, string token, ImportOutcome outcome, CancellationToken cancellationToken) =>
        Task.FromResult(Of(source).Stage == ImportStage.Processing && Update(source, token, r => r with { Stage = ImportStage.Completed, Outcome = outcome }));

    public Task<bool> MarkPublishedAsync(ImportObject source, string token, CancellationToken cancellationToken)
    {
        if (FailNextMarkPublished)
        {
            FailNextMarkPublished = false;
            throw new InjectedFailureException("The table is unavailable.");
        }

        return Task.FromResult(Update(source, token, r => r with { Stage = ImportStage.Published }));
    }

    public Task ReleaseAsync(ImportObject source, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Update(source, token, r => r with { LeaseUntil = now });
        return Task.CompletedTask;
    }

    private bool Update(ImportObject source, string token, Func<ImportRecord, ImportRecord> change)
    {
        var record = Of(source);
        if (record.LeaseToken != token)
        {
            return false;
        }

        _records[Id(source)] = change(record);
        return true;
    }

    private static (string, string, string) Id(ImportObject source) => (source.Bucket, source.Key, source.Version);
}
