namespace Platform.Functions.Shared.Domain.Catalogue;

/// <summary>A product that can be ordered, with its price in minor units and the units in stock.</summary>
public sealed record Product(string Sku, string Name, long PriceCents, int Stock, DateTimeOffset UpdatedAt);

/// <summary>The result of reserving stock for one order line.</summary>
public enum ReservationOutcome
{
    /// <summary>Stock was taken for the order now.</summary>
    Reserved,
    /// <summary>Stock had already been taken for this order (a re-delivered event).</summary>
    AlreadyReserved,
    /// <summary>Not enough stock; nothing was taken.</summary>
    InsufficientStock,
    /// <summary>No such product.</summary>
    NotFound,
}

/// <summary>The outcome of a reservation with the stock left afterwards.</summary>
public sealed record Reservation(ReservationOutcome Outcome, int StockAfter);

/// <summary>Persistence of products and their stock.</summary>
/// <remarks>Stock changes are conditional single-item writes: stock never goes below zero and an order takes stock for a SKU at most once.</remarks>
public interface IProductStore
{
    /// <summary>Creates or replaces a product's name, price and stock.</summary>
    Task PutAsync(Product product, CancellationToken cancellationToken);

    /// <summary>The product with the SKU, or null.</summary>
    Task<Product?> GetAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The products found among <paramref name="skus"/>, keyed by SKU.</summary>
    Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="quantity"/> units for the order unless this order already took them.</summary>
    Task<Reservation> ReserveAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken);

    /// <summary>Gives back units the order took; does nothing when it holds none.</summary>
    Task ReleaseAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken);

    /// <summary>Forgets the order's reservation marker once the order itself records the reservation.</summary>
    Task ForgetReservationAsync(string sku, string orderId, CancellationToken cancellationToken);

    /// <summary>Marks that a low-stock alert is being sent; false when one was already sent for this crossing.</summary>
    Task<bool> TryClaimLowStockAlertAsync(string sku, CancellationToken cancellationToken);

    /// <summary>Re-arms the low-stock alert (stock rose above the threshold, or sending failed).</summary>
    Task ClearLowStockAlertAsync(string sku, CancellationToken cancellationToken);
}
