using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Domain.Payments;

/// <summary>What processing a payment did.</summary>
public enum PaymentOutcome
{
    /// <summary>The order was charged (now or before).</summary>
    Charged,
    /// <summary>The charge was declined (now or before).</summary>
    Declined,
    /// <summary>The order can no longer be paid (it expired); nothing was charged.</summary>
    Skipped,
}

/// <summary>Charges an order once and publishes the outcome.</summary>
public sealed class PaymentService(IOrderStore orders, IPaymentProvider provider, IEventPublisher events, TimeProvider time)
{
    /// <summary>Charges the order named by the event and publishes <c>Payment Processed</c> or <c>Payment Failed</c>.</summary>
    /// <remarks>
    /// The order moves Pending → Paying before the charge, so it cannot expire while a charge is in flight; the charge
    /// carries the order id as idempotency key, so a retry after a crash gets the first charge back, never a second one.
    /// The outcome event is published again on a re-delivery: consumers are idempotent.
    /// </remarks>
    public async Task<PaymentOutcome> ProcessAsync(OrderCreatedDetail created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        var order = await orders.GetAsync(created.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {created.OrderId} does not exist.");

        if (order.Status == OrderStatus.Pending)
        {
            await orders.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Pending, OrderStatus.Paying, time.GetUtcNow()), cancellationToken);
            order = await orders.GetAsync(order.Id, cancellationToken) ?? throw new InvalidOperationException($"Order {order.Id} vanished.");
        }

        if (order.Status == OrderStatus.Paying)
        {
            var charge = await provider.ChargeAsync(
                new ChargeRequest("order-" + order.Id, order.CustomerId, order.TotalCents, order.Currency, order.PaymentMethod),
                cancellationToken);
            var transition = charge.Approved
                ? new OrderTransition(OrderStatus.Paying, OrderStatus.Paid, time.GetUtcNow(), PaymentId: charge.PaymentId)
                : new OrderTransition(OrderStatus.Paying, OrderStatus.Declined, time.GetUtcNow(), DeclineReason: charge.DeclineReason);
            await orders.TransitionAsync(order.Id, transition, cancellationToken);
            order = await orders.GetAsync(order.Id, cancellationToken) ?? throw new InvalidOperationException($"Order {order.Id} vanished.");
        }

        switch (order.Status)
        {
            case OrderStatus.Paid or OrderStatus.Reserved or OrderStatus.Backordered:
                await events.PublishAsync([EventFactory.PaymentProcessed(order, time.GetUtcNow())], cancellationToken);
                return PaymentOutcome.Charged;
            case OrderStatus.Declined:
                await events.PublishAsync([EventFactory.PaymentFailed(order, time.GetUtcNow())], cancellationToken);
                return PaymentOutcome.Declined;
            case OrderStatus.Expired:
                return PaymentOutcome.Skipped;
            default:
                throw new InvalidOperationException($"Order {order.Id} is {order.Status} after payment processing.");
        }
    }
}
