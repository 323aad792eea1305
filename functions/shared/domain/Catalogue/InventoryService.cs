using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Domain.Catalogue;

/// <summary>A validated product to create or replace.</summary>
public sealed record ProductUpsert(string Sku, string Name, long PriceCents, int Stock);

/// <summary>How a reservation for an order ended.</summary>
public enum ReservationResult
{
    /// <summary>Every line's stock is held for the order.</summary>
    Reserved,
    /// <summary>Some line lacked stock; nothing is held and the order is backordered.</summary>
    Backordered,
}

/// <summary>Stock: reserving it for paid orders, and restocking products.</summary>
public sealed class InventoryService(IOrderStore orders, IProductStore products, IEventPublisher events, TimeProvider time)
{
    /// <summary>Creates or replaces a product and publishes its stock level (reason <c>restock</c>).</summary>
    public async Task<Product> PutProductAsync(ProductUpsert request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var product = new Product(request.Sku, request.Name, request.PriceCents, request.Stock, time.GetUtcNow());
        await products.PutAsync(product, cancellationToken);
        await events.PublishAsync(
            [EventFactory.InventoryUpdated("restock", null, [new StockLevelDetail(product.Sku, product.Stock)], product.UpdatedAt)],
            cancellationToken);
        return product;
    }

    /// <summary>The product, or null.</summary>
    public Task<Product?> GetProductAsync(string sku, CancellationToken cancellationToken) => products.GetAsync(sku, cancellationToken);

    /// <summary>Reserves the stock of a paid order and publishes <c>Inventory Updated</c>, or backorders the order.</summary>
    /// <remarks>
    /// Each line is one conditional write that takes stock only if enough is left and this order took none before, so
    /// concurrent orders never oversell and a re-delivered event takes nothing twice. When a line lacks stock, the
    /// lines already taken are given back before the order is marked backordered.
    /// </remarks>
    public async Task<ReservationResult> ReserveForOrderAsync(PaymentProcessedDetail paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var order = await orders.GetAsync(paid.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {paid.OrderId} does not exist.");

        switch (order.Status)
        {
            case OrderStatus.Reserved:
                await PublishLevelsAsync(order, cancellationToken);
                return ReservationResult.Reserved;
            case OrderStatus.Backordered:
                return ReservationResult.Backordered;
            case OrderStatus.Paid:
                break;
            default:
                throw new InvalidOperationException($"Order {order.Id} is {order.Status}; stock is reserved only for paid orders.");
        }

        var taken = new List<OrderLine>();
        var takenNow = new List<OrderLine>();
        foreach (var line in order.Lines)
        {
            var reservation = await products.ReserveAsync(line.Sku, order.Id, line.Quantity, cancellationToken);
            if (reservation.Outcome is ReservationOutcome.Reserved or ReservationOutcome.AlreadyReserved)
            {
                taken.Add(line);
                if (reservation.Outcome == ReservationOutcome.Reserved)
                {
                    takenNow.Add(line);
                }

                continue;
            }

            foreach (var held in taken)
            {
                await products.ReleaseAsync(held.Sku, order.Id, held.Quantity, cancellationToken);
            }

            if (!await orders.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Paid, OrderStatus.Backordered, time.GetUtcNow()), cancellationToken)
                && (await orders.GetAsync(order.Id, cancellationToken))?.Status == OrderStatus.Reserved)
            {
                // A concurrent delivery reserved the order first; the shortage was this delivery's second helping.
                return ReservationResult.Reserved;
            }

            return ReservationResult.Backordered;
        }

        if (!await orders.TransitionAsync(order.Id, new OrderTransition(OrderStatus.Paid, OrderStatus.Reserved, time.GetUtcNow()), cancellationToken))
        {
            // A concurrent delivery of the same event finished first and may already have dropped its reservation
            // markers, so what this delivery took now is a second helping: give it back.
            foreach (var line in takenNow)
            {
                await products.ReleaseAsync(line.Sku, order.Id, line.Quantity, cancellationToken);
            }

            return (await orders.GetAsync(order.Id, cancellationToken))?.Status == OrderStatus.Backordered
                ? ReservationResult.Backordered
                : ReservationResult.Reserved;
        }

        foreach (var line in order.Lines)
        {
            await products.ForgetReservationAsync(line.Sku, order.Id, cancellationToken);
        }

        await PublishLevelsAsync(order, cancellationToken);
        return ReservationResult.Reserved;
    }

    private async Task PublishLevelsAsync(Order order, CancellationToken cancellationToken)
    {
        var found = await products.GetManyAsync([.. order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal)], cancellationToken);
        var levels = found.Values.OrderBy(p => p.Sku, StringComparer.Ordinal).Select(p => new StockLevelDetail(p.Sku, p.Stock)).ToList();
        await events.PublishAsync([EventFactory.InventoryUpdated("reservation", order.Id, levels, time.GetUtcNow())], cancellationToken);
    }
}
