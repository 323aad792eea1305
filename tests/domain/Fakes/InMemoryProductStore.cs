using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Catalogue.Imports;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Products with per-order reservation markers, low-stock alert flags and import marks, as the ports document them.</summary>
internal sealed class InMemoryProductStore : IProductStore, IProductImportStore
{
    private readonly Dictionary<string, (ImportMark Mark, int Line)> _importMarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _importWrites = new(StringComparer.Ordinal);
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

    /// <summary>How many import writes went through, per SKU.</summary>
    public IReadOnlyDictionary<string, int> ImportWrites => _importWrites;

    /// <summary>How many import writes go through before every further one throws; null for no limit.</summary>
    public int? ImportWritesBeforeFailure { get; set; }

    public Task<ImportWrite> ImportAsync(ProductUpsert row, ImportMark mark, int line, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_importMarks.TryGetValue(row.Sku, out var last) && Compare(last.Mark, mark) >= 0)
        {
            return Task.FromResult(Compare(last.Mark, mark) > 0 ? new ImportWrite(ImportWriteOutcome.Superseded)
                : last.Line == line ? new ImportWrite(ImportWriteOutcome.AlreadyWritten)
                : new ImportWrite(ImportWriteOutcome.Duplicate, last.Line));
        }

        if (ImportWritesBeforeFailure is { } budget)
        {
            if (budget == 0)
            {
                throw new InjectedFailureException("The table is unavailable.");
            }

            ImportWritesBeforeFailure = budget - 1;
        }

        _products[row.Sku] = new Product(row.Sku, row.Name, row.PriceCents, row.Stock, now);
        _importMarks[row.Sku] = (mark, line);
        _importWrites[row.Sku] = _importWrites.GetValueOrDefault(row.Sku) + 1;
        return Task.FromResult(new ImportWrite(ImportWriteOutcome.Written));
    }

    public Product? Find(string sku) => _products.GetValueOrDefault(sku);

    public int Count => _products.Count;

    private static int Compare(ImportMark a, ImportMark b)
    {
        var byTime = a.StartedAt.CompareTo(b.StartedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.ImportId, b.ImportId);
    }

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
