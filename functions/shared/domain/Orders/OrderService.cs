using System.Security.Cryptography;
using System.Text;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Domain.Orders;

/// <summary>A validated request for one product line.</summary>
public sealed record PlaceOrderItem(string Sku, int Quantity);

/// <summary>A validated request to place an order.</summary>
public sealed record PlaceOrder(string CustomerId, IReadOnlyList<PlaceOrderItem> Items, string PaymentMethod);

/// <summary>How placing an order ended.</summary>
public enum PlaceOrderOutcome
{
    /// <summary>A new order was created.</summary>
    Created,
    /// <summary>The idempotency key was seen before with the same request: the first order is returned.</summary>
    Replayed,
    /// <summary>The request names data that does not exist (customer, products); see the problems.</summary>
    Rejected,
    /// <summary>The idempotency key was used before for a different request.</summary>
    IdempotencyKeyReused,
}

/// <summary>The outcome of placing an order.</summary>
public sealed record PlaceOrderResult(PlaceOrderOutcome Outcome, Order? Order, IReadOnlyList<FieldProblem> Problems);

/// <summary>Places orders: prices them from the product records, stores them idempotently and publishes <c>Order Created</c>.</summary>
public sealed class OrderService(
    IOrderStore orders,
    IProductStore products,
    IUserStore users,
    IIdempotencyStore idempotency,
    IEventPublisher events,
    IIdGenerator ids,
    TimeProvider time)
{
    /// <summary>The currency every price is in.</summary>
    public const string Currency = "USD";

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>Places the order; with an idempotency key a retried request returns the first order and creates nothing new.</summary>
    /// <remarks>
    /// Safe at every step: the order id is fixed by the idempotency record before anything is written, the order is
    /// written with a conditional put, and <c>Order Created</c> is published again on a retry until the record is
    /// marked complete (consumers are idempotent, so a second event changes nothing).
    /// </remarks>
    public async Task<PlaceOrderResult> PlaceAsync(PlaceOrder request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = idempotencyKey is null ? null : $"create-order#{request.CustomerId}#{idempotencyKey}";
        var hash = Hash(request);

        if (key is not null && await idempotency.GetAsync(key, cancellationToken) is { Completed: true } done)
        {
            return await ReplayAsync(done, hash, cancellationToken);
        }

        var problems = new List<FieldProblem>();
        if (await users.GetAsync(request.CustomerId, cancellationToken) is null)
        {
            problems.Add(new FieldProblem("customerId", "no customer has this id"));
        }

        var found = await products.GetManyAsync([.. request.Items.Select(i => i.Sku).Distinct(StringComparer.Ordinal)], cancellationToken);
        var lines = new List<OrderLine>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (found.TryGetValue(item.Sku, out var product))
            {
                lines.Add(new OrderLine(item.Sku, item.Quantity, product.PriceCents));
            }
            else
            {
                problems.Add(new FieldProblem($"items[{i}].sku", "no product has this SKU"));
            }
        }

        if (problems.Count > 0)
        {
            return new PlaceOrderResult(PlaceOrderOutcome.Rejected, null, problems);
        }

        var now = time.GetUtcNow();
        var orderId = ids.NewId("ord");
        if (key is not null)
        {
            var record = await idempotency.GetOrAddAsync(new IdempotencyRecord(key, hash, orderId, false, now + IdempotencyWindow), cancellationToken);
            if (!string.Equals(record.RequestHash, hash, StringComparison.Ordinal))
            {
                return new PlaceOrderResult(PlaceOrderOutcome.IdempotencyKeyReused, null, []);
            }

            orderId = record.ResourceId;
        }

        var order = new Order(orderId, request.CustomerId, lines, lines.Sum(l => l.LineTotalCents), Currency, request.PaymentMethod, OrderStatus.Pending, now, now);
        if (!await orders.CreateAsync(order, cancellationToken))
        {
            // A concurrent or earlier attempt with the same key stored it first: that order is the answer.
            order = await orders.GetAsync(orderId, cancellationToken)
                ?? throw new InvalidOperationException($"Order {orderId} exists but could not be read.");
        }

        await events.PublishAsync([EventFactory.OrderCreated(order)], cancellationToken);
        if (key is not null)
        {
            await idempotency.CompleteAsync(key, cancellationToken);
        }

        return new PlaceOrderResult(PlaceOrderOutcome.Created, order, []);
    }

    /// <summary>The order, or null.</summary>
    public Task<Order?> GetAsync(string id, CancellationToken cancellationToken) => orders.GetAsync(id, cancellationToken);

    private async Task<PlaceOrderResult> ReplayAsync(IdempotencyRecord record, string hash, CancellationToken cancellationToken)
    {
        if (!string.Equals(record.RequestHash, hash, StringComparison.Ordinal))
        {
            return new PlaceOrderResult(PlaceOrderOutcome.IdempotencyKeyReused, null, []);
        }

        var order = await orders.GetAsync(record.ResourceId, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency record points at order {record.ResourceId}, which does not exist.");
        return new PlaceOrderResult(PlaceOrderOutcome.Replayed, order, []);
    }

    private static string Hash(PlaceOrder request)
    {
        var canonical = new StringBuilder()
            .Append(request.CustomerId).Append('\n')
            .Append(request.PaymentMethod).Append('\n');
        foreach (var item in request.Items)
        {
            canonical.Append(item.Sku).Append(':').Append(item.Quantity).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
