using Platform.Functions.Shared.Domain.Notifications;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Claims of e-mails to send; a claim is held until released, and records the message id once sent.</summary>
internal sealed class InMemoryEmailLedger : IEmailLedger
{
    private readonly Dictionary<string, string?> _claims = new(StringComparer.Ordinal);

    public bool IsClaimed(string key) => _claims.ContainsKey(key);

    public string? MessageIdOf(string key) => _claims.GetValueOrDefault(key);

    public Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_claims.TryAdd(key, null));

    public Task MarkSentAsync(string key, string messageId, CancellationToken cancellationToken)
    {
        _claims[key] = messageId;
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.Remove(key);
        return Task.CompletedTask;
    }
}
