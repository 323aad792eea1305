using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Functions.Shared.Domain.Events;

/// <summary>Builds the platform's events from domain objects, so every producer writes the same contract.</summary>
public static class EventFactory
{
    /// <summary><c>Order Created</c> for a stored pending order.</summary>
    public static OutgoingEvent OrderCreated(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var detail = new OrderCreatedDetail(
            EventContracts.OrderCreated.SchemaVersion,
            order.Id,
            order.CustomerId,
            [.. order.Lines.Select(l => new OrderItemDetail(l.Sku, l.Quantity, l.UnitPriceCents))],
            order.TotalCents,
            order.Currency,
            order.CreatedAt);
        return OutgoingEvent.Create(EventContracts.OrderCreated, detail, EventJsonContext.Default.OrderCreatedDetail);
    }

    /// <summary><c>Payment Processed</c> for a charged order.</summary>
    public static OutgoingEvent PaymentProcessed(Order order, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        var detail = new PaymentProcessedDetail(
            EventContracts.PaymentProcessed.SchemaVersion,
            order.Id,
            order.CustomerId,
            order.PaymentId ?? throw new InvalidOperationException($"Order {order.Id} has no payment id."),
            order.TotalCents,
            order.Currency,
            at);
        return OutgoingEvent.Create(EventContracts.PaymentProcessed, detail, EventJsonContext.Default.PaymentProcessedDetail);
    }

    /// <summary><c>Payment Failed</c> for a declined order.</summary>
    public static OutgoingEvent PaymentFailed(Order order, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        var detail = new PaymentFailedDetail(
            EventContracts.PaymentFailed.SchemaVersion,
            order.Id,
            order.CustomerId,
            order.TotalCents,
            order.Currency,
            order.DeclineReason ?? throw new InvalidOperationException($"Order {order.Id} has no decline reason."),
            at);
        return OutgoingEvent.Create(EventContracts.PaymentFailed, detail, EventJsonContext.Default.PaymentFailedDetail);
    }

    /// <summary><c>Inventory Updated</c> with the stock levels after a change.</summary>
    public static OutgoingEvent InventoryUpdated(string reason, string? orderId, IReadOnlyList<StockLevelDetail> levels, DateTimeOffset at)
    {
        var detail = new InventoryUpdatedDetail(EventContracts.InventoryUpdated.SchemaVersion, reason, orderId, levels, at);
        return OutgoingEvent.Create(EventContracts.InventoryUpdated, detail, EventJsonContext.Default.InventoryUpdatedDetail);
    }

    /// <summary><c>Catalogue Imported</c> for a finished import file.</summary>
    public static OutgoingEvent CatalogueImported(ImportObject source, string importId, ImportOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outcome);
        var detail = new CatalogueImportedDetail(
            EventContracts.CatalogueImported.SchemaVersion,
            importId,
            source.Bucket,
            source.Key,
            source.ETag,
            source.VersionId,
            ImportNames.Of(outcome.Status),
            outcome.Reason is { } reason ? ImportNames.Of(reason) : null,
            outcome.Counts.RowsRead,
            outcome.Counts.Imported,
            outcome.Counts.Rejected,
            outcome.Counts.Skipped,
            outcome.ReportKey,
            outcome.CompletedAt);
        return OutgoingEvent.Create(EventContracts.CatalogueImported, detail, EventJsonContext.Default.CatalogueImportedDetail);
    }
}
