using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.GetOrder;

/// <summary><c>GET /orders/{id}</c>: 200 with the order and its status, 404 when there is none.</summary>
public sealed class GetOrderHandler(IOrderStore orders)
{
    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpRequests.TryReadPathId(request, "id", Patterns.OrderId(), out var id, out var error))
        {
            return error;
        }

        var order = await orders.GetAsync(id, context.CancellationToken);
        return order is null
            ? HttpResponses.NotFound("No order has this id.")
            : HttpResponses.Json(200, OrderView.From(order), GetOrderJsonContext.Default.OrderView);
    }
}
