namespace Platform.Functions.Shared.Domain.Orders;

/// <summary>Where an order is in its life.</summary>
/// <remarks>Pending → Paying → Paid → Reserved | Backordered; Paying → Declined; Pending → Expired.</remarks>
public enum OrderStatus
{
    /// <summary>Created, waiting for payment.</summary>
    Pending,
    /// <summary>A charge is under way; the order can no longer expire.</summary>
    Paying,
    /// <summary>Charged.</summary>
    Paid,
    /// <summary>The payment provider declined the charge.</summary>
    Declined,
    /// <summary>Charged and stock reserved.</summary>
    Reserved,
    /// <summary>Charged but not enough stock.</summary>
    Backordered,
    /// <summary>Never paid within the allowed time.</summary>
    Expired,
}

/// <summary>One product line of an order, priced from the product record when the order was placed.</summary>
public sealed record OrderLine(string Sku, int Quantity, long UnitPriceCents)
{
    /// <summary>Quantity times unit price.</summary>
    public long LineTotalCents => Quantity * UnitPriceCents;
}

/// <summary>An order placed by a customer.</summary>
public sealed record Order(
    string Id,
    string CustomerId,
    IReadOnlyList<OrderLine> Lines,
    long TotalCents,
    string Currency,
    string PaymentMethod,
    OrderStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PaymentId = null,
    string? DeclineReason = null);

/// <summary>Values written along with a status change.</summary>
public sealed record OrderTransition(OrderStatus From, OrderStatus To, DateTimeOffset At, string? PaymentId = null, string? DeclineReason = null);

/// <summary>Persistence of orders.</summary>
public interface IOrderStore
{
    /// <summary>Stores a new order; false when an order with the id exists already.</summary>
    Task<bool> CreateAsync(Order order, CancellationToken cancellationToken);

    /// <summary>The order with the id, or null.</summary>
    Task<Order?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Moves the order to <see cref="OrderTransition.To"/> only if it is still in <see cref="OrderTransition.From"/>.</summary>
    Task<bool> TransitionAsync(string id, OrderTransition transition, CancellationToken cancellationToken);

    /// <summary>Ids of pending orders created before <paramref name="cutoff"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ListPendingCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}

/// <summary>A stored idempotency record: the request it answered and the order it created.</summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, string ResourceId, bool Completed, DateTimeOffset ExpiresAt);

/// <summary>Idempotency records with a time to live, so a retried request returns the first result.</summary>
public interface IIdempotencyStore
{
    /// <summary>The record for the key, or null.</summary>
    Task<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="record"/> unless one exists; returns the record that holds the key afterwards.</summary>
    Task<IdempotencyRecord> GetOrAddAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Marks the record complete: the resource exists and its event was published.</summary>
    Task CompleteAsync(string key, CancellationToken cancellationToken);
}
