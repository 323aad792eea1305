using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.PutProduct;

/// <summary><c>PUT /products/{sku}</c>: creates or replaces a product with its price and stock, and publishes the stock level.</summary>
public sealed class PutProductHandler(InventoryService inventory)
{
    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpRequests.TryReadPathId(request, "sku", Patterns.Sku(), out var sku, out var error)
            || !HttpRequests.TryReadBody(request, RequestReaders.ProductUpsert(sku), out var upsert, out error))
        {
            return error;
        }

        var product = await inventory.PutProductAsync(upsert, context.CancellationToken);
        return HttpResponses.Json(200, ProductView.From(product), PutProductJsonContext.Default.ProductView);
    }
}
