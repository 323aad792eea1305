using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.CreateOrder;

/// <summary><c>POST /orders</c>: validates, stores a pending order idempotently and publishes <c>Order Created</c>.</summary>
/// <remarks>
/// An <c>Idempotency-Key</c> header makes a retried request return the first order (201, with
/// <c>idempotent-replayed: true</c>); the same key with a different body is a 422.
/// </remarks>
public sealed class CreateOrderHandler(OrderService orders)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var idempotencyKey = request.GetHeader(IdempotencyKeyHeader);
        if (idempotencyKey is not null && !Patterns.IdempotencyKey().IsMatch(idempotencyKey))
        {
            return HttpResponses.ValidationFailed([new FieldError(IdempotencyKeyHeader, "must be 1 to 255 printable ASCII characters without spaces")]);
        }

        if (!HttpRequests.TryReadBody(request, RequestReaders.PlaceOrder, out var placeOrder, out var error))
        {
            return error;
        }

        var result = await orders.PlaceAsync(placeOrder, idempotencyKey, context.CancellationToken);
        switch (result.Outcome)
        {
            case PlaceOrderOutcome.Rejected:
                return HttpResponses.ValidationFailed([.. result.Problems.Select(p => new FieldError(p.Field, p.Message))]);
            case PlaceOrderOutcome.IdempotencyKeyReused:
                return HttpResponses.Error(422, "idempotency_key_reused", "This Idempotency-Key was used for a different request.");
            default:
                var order = result.Order!;
                var replayed = result.Outcome == PlaceOrderOutcome.Replayed;
                if (!replayed)
                {
                    context.Metrics.Count("OrdersCreated");
                }

                context.Logger.Info(replayed ? "Order replayed" : "Order created", new("orderId", order.Id), new("totalCents", order.TotalCents));
                var response = HttpResponses.Json(201, OrderView.From(order), CreateOrderJsonContext.Default.OrderView)
                    .WithHeader("location", "/orders/" + order.Id);
                return replayed ? response.WithHeader("idempotent-replayed", "true") : response;
        }
    }
}
