using System.Globalization;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Notifications;

namespace Platform.Functions.Shared.Domain.Catalogue;

/// <summary>Alerts operations when a product's stock falls below the threshold: once per crossing, re-armed by a restock.</summary>
public sealed class StockAlertService(IProductStore products, IEmailSender sender, string operationsEmail, int threshold)
{
    /// <summary>Checks every SKU of the update against its current stock; returns the SKUs alerted now.</summary>
    /// <remarks>The current stock is read from the store because events may arrive out of order.</remarks>
    public async Task<IReadOnlyList<string>> HandleAsync(InventoryUpdatedDetail update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var alerted = new List<string>();
        foreach (var sku in update.Items.Select(i => i.Sku).Distinct(StringComparer.Ordinal))
        {
            var product = await products.GetAsync(sku, cancellationToken);
            if (product is null)
            {
                continue;
            }

            if (product.Stock >= threshold)
            {
                await products.ClearLowStockAlertAsync(sku, cancellationToken);
                continue;
            }

            if (!await products.TryClaimLowStockAlertAsync(sku, cancellationToken))
            {
                continue;
            }

            try
            {
                await sender.SendAsync(
                    new OutgoingEmail(
                        operationsEmail,
                        $"Low stock: {sku}",
                        string.Create(CultureInfo.InvariantCulture, $"Stock of {sku} ({product.Name}) is down to {product.Stock} units, below the alert threshold of {threshold}.\n")),
                    cancellationToken);
            }
            catch
            {
                // Re-arm so the retried event sends the alert.
                await products.ClearLowStockAlertAsync(sku, CancellationToken.None);
                throw;
            }

            alerted.Add(sku);
        }

        return alerted;
    }
}
