using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Idempotency records with a time to live: an expired record is gone, as after DynamoDB's TTL sweep.</summary>
internal sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    private readonly Dictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IdempotencyRecord> All => _records.Values;

    public Task<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Live(key));

    public Task<IdempotencyRecord> GetOrAddAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var existing = Live(record.Key);
        if (existing is not null)
        {
            return Task.FromResult(existing);
        }

        _records[record.Key] = record;
        return Task.FromResult(record);
    }

    public Task CompleteAsync(string key, CancellationToken cancellationToken)
    {
        if (_records.TryGetValue(key, out var record))
        {
            _records[key] = record with { Completed = true };
        }

        return Task.CompletedTask;
    }

    private IdempotencyRecord? Live(string key) =>
        _records.TryGetValue(key, out var record) && record.ExpiresAt > time.GetUtcNow() ? record : null;
}
