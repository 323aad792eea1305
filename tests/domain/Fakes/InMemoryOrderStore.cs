using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Orders in a dictionary, with the conditional writes the port documents.</summary>
internal sealed class InMemoryOrderStore : IOrderStore
{
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);

    /// <summary>Runs before each read; may return another version of the order (a stale read in a race).</summary>
    public Func<string, Order?, Order?>? OnGet { get; set; }

    /// <summary>Runs after pending orders were listed, before the caller acts on them (a concurrent writer).</summary>
    public Action? AfterListPending { get; set; }

    public IReadOnlyCollection<Order> All => _orders.Values;

    public int CreateCalls { get; private set; }

    public InMemoryOrderStore Seed(params Order[] orders)
    {
        foreach (var order in orders)
        {
            _orders[order.Id] = order;
        }

        return this;
    }

    public Order this[string id] => _orders[id];

    public Task<bool> CreateAsync(Order order, CancellationToken cancellationToken)
    {
        CreateCalls++;
        return Task.FromResult(_orders.TryAdd(order.Id, order));
    }

    public Task<Order?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var order = _orders.GetValueOrDefault(id);
        return Task.FromResult(OnGet is null ? order : OnGet(id, order));
    }

    public Task<bool> TransitionAsync(string id, OrderTransition transition, CancellationToken cancellationToken)
    {
        if (!_orders.TryGetValue(id, out var order) || order.Status != transition.From)
        {
            return Task.FromResult(false);
        }

        _orders[id] = order with
        {
            Status = transition.To,
            UpdatedAt = transition.At,
            PaymentId = transition.PaymentId ?? order.PaymentId,
            DeclineReason = transition.DeclineReason ?? order.DeclineReason,
        };
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<string>> ListPendingCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = [.. _orders.Values
            .Where(o => o.Status == OrderStatus.Pending && o.CreatedAt < cutoff)
            .OrderBy(o => o.CreatedAt)
            .Take(limit)
            .Select(o => o.Id)];
        AfterListPending?.Invoke();
        return Task.FromResult(ids);
    }
}
