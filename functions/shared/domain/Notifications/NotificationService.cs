using System.Globalization;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Domain.Notifications;

/// <summary>Customer and operations e-mails, each sent at most once per business fact.</summary>
public sealed class NotificationService(IUserStore users, IEmailSender sender, IEmailLedger ledger)
{
    /// <summary>The "order received" e-mail for a new order; false when it was sent before.</summary>
    public async Task<bool> SendOrderReceivedAsync(OrderCreatedDetail created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        var customer = await RequireCustomerAsync(created.CustomerId, cancellationToken);
        var email = new OutgoingEmail(
            customer.Email,
            $"We received your order {created.OrderId}",
            $"Hello {customer.Name},\n\nWe received your order {created.OrderId} for {Money(created.TotalCents, created.Currency)}. "
            + "We will e-mail you again once the payment has gone through.\n");
        return await SendOnceAsync($"order-received#{created.OrderId}", email, cancellationToken);
    }

    /// <summary>The order confirmation after a successful payment; false when it was sent before.</summary>
    public async Task<bool> SendConfirmationAsync(PaymentProcessedDetail paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var customer = await RequireCustomerAsync(paid.CustomerId, cancellationToken);
        var email = new OutgoingEmail(
            customer.Email,
            $"Your order {paid.OrderId} is confirmed",
            $"Hello {customer.Name},\n\nYour payment of {Money(paid.AmountCents, paid.Currency)} for order {paid.OrderId} went through "
            + $"(payment {paid.PaymentId}). Thank you for your order.\n");
        return await SendOnceAsync($"order-confirmed#{paid.OrderId}", email, cancellationToken);
    }

    /// <summary>Tells the customer the payment was declined; false when it was sent before.</summary>
    public async Task<bool> SendPaymentDeclinedAsync(PaymentFailedDetail failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var customer = await RequireCustomerAsync(failed.CustomerId, cancellationToken);
        var email = new OutgoingEmail(
            customer.Email,
            $"Payment for order {failed.OrderId} was declined",
            $"Hello {customer.Name},\n\nThe payment of {Money(failed.AmountCents, failed.Currency)} for order {failed.OrderId} was declined "
            + $"({failed.Reason.Replace('_', ' ')}). Nothing was charged; please place the order again with another payment method.\n");
        return await SendOnceAsync($"order-declined#{failed.OrderId}", email, cancellationToken);
    }

    private async Task<bool> SendOnceAsync(string key, OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (!await ledger.TryClaimAsync(key, cancellationToken))
        {
            return false;
        }

        string messageId;
        try
        {
            messageId = await sender.SendAsync(email, cancellationToken);
        }
        catch
        {
            // The trigger retries the event; the claim must not block that retry from sending.
            await ledger.ReleaseAsync(key, CancellationToken.None);
            throw;
        }

        await ledger.MarkSentAsync(key, messageId, cancellationToken);
        return true;
    }

    private async Task<User> RequireCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        await users.GetAsync(customerId, cancellationToken)
        ?? throw new InvalidOperationException($"Customer {customerId} does not exist.");

    private static string Money(long cents, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{cents / 100}.{cents % 100:00} {currency}");
}
