using Platform.Functions.Shared.Domain.Catalogue;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Products with per-order reservation markers and low-stock alert flags, as the port documents them.</summary>
internal sealed class InMemoryProductStore : IProductStore
{
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly HashSet<(string Sku, string OrderId)> _markers = [];
    private readonly HashSet<string> _alerted = new(StringComparer.Ordinal);

    public InMemoryProductStore Seed(params Product[] products)
    {
        foreach (var product in products)
        {
            _products[product.Sku] = product;
        }

        return this;
    }

    public int StockOf(string sku) => _products[sku].Stock;

    public bool HoldsMarker(string sku, string orderId) => _markers.Contains((sku, orderId));

    public bool IsAlertClaimed(string sku) => _alerted.Contains(sku);

    public int ReserveCalls { get; private set; }

    public Task PutAsync(Product product, CancellationToken cancellationToken)
    {
        _products[product.Sku] = product;
        return Task.CompletedTask;
    }

    public Task<Product?> GetAsync(string sku, CancellationToken cancellationToken) =>
        Task.FromResult(_products.GetValueOrDefault(sku));

    public Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, Product> found = skus
            .Where(_products.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(s => s, s => _products[s], StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public Task<Reservation> ReserveAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken)
    {
        ReserveCalls++;
        if (!_products.TryGetValue(sku, out var product))
        {
            return Task.FromResult(new Reservation(ReservationOutcome.NotFound, 0));
        }

        if (_markers.Contains((sku, orderId)))
        {
            return Task.FromResult(new Reservation(ReservationOutcome.AlreadyReserved, product.Stock));
        }

        if (product.Stock < quantity)
        {
            return Task.FromResult(new Reservation(ReservationOutcome.InsufficientStock, product.Stock));
        }

        _products[sku] = product with { Stock = product.Stock - quantity };
        _markers.Add((sku, orderId));
        return Task.FromResult(new Reservation(ReservationOutcome.Reserved, product.Stock - quantity));
    }

    public Task ReleaseAsync(string sku, string orderId, int quantity, CancellationToken cancellationToken)
    {
        if (_markers.Remove((sku, orderId)) && _products.TryGetValue(sku, out var product))
        {
            _products[sku] = product with { Stock = product.Stock + quantity };
        }

        return Task.CompletedTask;
    }

    public Task ForgetReservationAsync(string sku, string orderId, CancellationToken cancellationToken)
    {
        _markers.Remove((sku, orderId));
        return Task.CompletedTask;
    }

    public Task<bool> TryClaimLowStockAlertAsync(string sku, CancellationToken cancellationToken) =>
        Task.FromResult(_alerted.Add(sku));

    public Task ClearLowStockAlertAsync(string sku, CancellationToken cancellationToken)
    {
        _alerted.Remove(sku);
        return Task.CompletedTask;
    }
}
