using System.Security.Cryptography;
using System.Text;

namespace Platform.Functions.Shared.Domain.Payments;

/// <summary>A charge to make; the idempotency key makes a repeated charge return the first result.</summary>
public sealed record ChargeRequest(string IdempotencyKey, string CustomerId, long AmountCents, string Currency, string PaymentMethod);

/// <summary>The provider's answer: approved with a payment id, or declined with a reason.</summary>
public sealed record ChargeResult(bool Approved, string? PaymentId, string? DeclineReason)
{
    /// <summary>An approved charge.</summary>
    public static ChargeResult Approve(string paymentId) => new(true, paymentId, null);

    /// <summary>A declined charge.</summary>
    public static ChargeResult Decline(string reason) => new(false, null, reason);
}

/// <summary>The port to the external payment provider.</summary>
public interface IPaymentProvider
{
    /// <summary>Charges the payment method; the same idempotency key never charges twice.</summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);
}

/// <summary>A deterministic simulator of the payment provider, the default adapter outside production.</summary>
/// <remarks>
/// Test payment methods as card providers publish them: <c>pm_card_declined</c> and <c>pm_card_insufficient_funds</c>
/// decline; any other method is approved up to <see cref="MaximumAmountCents"/>. The payment id is derived from the
/// idempotency key, as a provider that honours idempotency keys returns the first charge for a repeated key.
/// </remarks>
public sealed class PaymentSimulator : IPaymentProvider
{
    /// <summary>Charges above this amount are declined.</summary>
    public const long MaximumAmountCents = 1_000_000_00;

    /// <inheritdoc />
    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = request.PaymentMethod switch
        {
            "pm_card_declined" => ChargeResult.Decline("card_declined"),
            "pm_card_insufficient_funds" => ChargeResult.Decline("insufficient_funds"),
            _ when request.AmountCents > MaximumAmountCents => ChargeResult.Decline("amount_too_large"),
            _ => ChargeResult.Approve("pay_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.IdempotencyKey)))[..24]),
        };
        return Task.FromResult(result);
    }
}
