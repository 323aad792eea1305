using Platform.Functions.Shared.Domain.Payments;

namespace Platform.Tests.Domain.Fakes;

/// <summary>
/// Wraps the <see cref="PaymentSimulator"/> like a real provider honouring idempotency keys: the first request with a key
/// moves money, a repeated key returns the first result. Counts requests per key.
/// </summary>
internal sealed class RecordingPaymentProvider : IPaymentProvider
{
    private readonly PaymentSimulator _simulator = new();
    private readonly Dictionary<string, ChargeResult> _results = new(StringComparer.Ordinal);
    private readonly List<ChargeRequest> _requests = [];

    public IReadOnlyList<ChargeRequest> Requests => _requests;

    /// <summary>Charges that moved money: one per idempotency key that was approved.</summary>
    public int ApprovedCharges => _results.Values.Count(r => r.Approved);

    /// <summary>When set, the next charge goes through at the provider but the call then fails (the caller crashes or times out).</summary>
    public bool FailAfterNextCharge { get; set; }

    public int RequestsWithKey(string key) => _requests.Count(r => r.IdempotencyKey == key);

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _requests.Add(request);
        if (!_results.TryGetValue(request.IdempotencyKey, out var result))
        {
            result = await _simulator.ChargeAsync(request, cancellationToken);
            _results[request.IdempotencyKey] = result;
        }

        if (FailAfterNextCharge)
        {
            FailAfterNextCharge = false;
            throw new TimeoutException("The payment provider did not answer in time.");
        }

        return result;
    }
}
