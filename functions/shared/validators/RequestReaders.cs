using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Functions.Shared.Validators;

/// <summary>The strict readers of the HTTP API's request bodies: every field checked, unknown fields rejected.</summary>
public static class RequestReaders
{
    /// <summary>The largest request body any route accepts, far below API Gateway's 10 MB and Lambda's 6 MB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Most lines one order may have.</summary>
    public const int MaxOrderItems = 50;

    /// <summary>Most units of one SKU per order.</summary>
    public const int MaxQuantity = 100;

    /// <summary>Body of <c>POST /users</c>: <c>{"email", "name"}</c>.</summary>
    public static NewUser? NewUser(JsonElement root, JsonFieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.ObjectWith(root, "", "email", "name"))
        {
            return null;
        }

        var email = Email(root, reader, required: true);
        var name = Name(root, reader, required: true);
        return email is null || name is null ? null : new NewUser(email, name);
    }

    /// <summary>Body of <c>PATCH /users/{id}</c>: <c>{"email"?, "name"?}</c> with at least one field.</summary>
    public static UserPatch? UserPatch(JsonElement root, JsonFieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.ObjectWith(root, "", "email", "name"))
        {
            return null;
        }

        var email = Email(root, reader, required: false);
        var name = Name(root, reader, required: false);
        if (reader.IsValid && email is null && name is null)
        {
            reader.Fail("body", "must change at least one of email, name");
        }

        return new UserPatch(email, name);
    }

    /// <summary>Body of <c>POST /orders</c>: <c>{"customerId", "items": [{"sku", "quantity"}], "paymentMethod"}</c>.</summary>
    public static PlaceOrder? PlaceOrder(JsonElement root, JsonFieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.ObjectWith(root, "", "customerId", "items", "paymentMethod"))
        {
            return null;
        }

        var customerId = reader.Text(root, "", "customerId", true, 1, 64, Patterns.UserId(), "must be a user id (usr_…)");
        var paymentMethod = reader.Text(root, "", "paymentMethod", true, 1, 64, Patterns.PaymentMethod(), "must be a payment method token (pm_…)");
        var elements = reader.List(root, "", "items", true, 1, MaxOrderItems);
        var items = new List<PlaceOrderItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; elements is not null && i < elements.Count; i++)
        {
            var path = JsonFieldReader.Index("", "items", i);
            if (!reader.ObjectWith(elements[i], path, "sku", "quantity"))
            {
                continue;
            }

            var sku = reader.Text(elements[i], path, "sku", true, 1, 40, Patterns.Sku(), "must be upper-case letters, digits and dashes");
            var quantity = reader.WholeNumber(elements[i], path, "quantity", true, 1, MaxQuantity);
            if (sku is not null && !seen.Add(sku))
            {
                reader.Fail($"{path}.sku", "appears more than once; combine the quantities");
            }

            if (sku is not null && quantity is not null)
            {
                items.Add(new PlaceOrderItem(sku, (int)quantity));
            }
        }

        return customerId is null || paymentMethod is null || elements is null ? null : new PlaceOrder(customerId, items, paymentMethod);
    }

    /// <summary>Body of <c>PUT /products/{sku}</c>: <c>{"name", "priceCents", "stock"}</c>; the SKU comes from the path.</summary>
    public static Func<JsonElement, JsonFieldReader, ProductUpsert?> ProductUpsert(string sku) => (root, reader) =>
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.ObjectWith(root, "", "name", "priceCents", "stock"))
        {
            return null;
        }

        var name = reader.Text(root, "", "name", true, 1, ProductRules.MaxNameLength);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            reader.Fail("name", ProductRules.BlankName);
            name = null;
        }

        var price = reader.WholeNumber(root, "", "priceCents", true, 0, ProductRules.MaxPriceCents);
        var stock = reader.WholeNumber(root, "", "stock", true, 0, ProductRules.MaxStock);
        return name is null || price is null || stock is null ? null : new ProductUpsert(sku, name.Trim(), price.Value, (int)stock.Value);
    };

    private static string? Email(JsonElement root, JsonFieldReader reader, bool required) =>
        reader.Text(root, "", "email", required, 3, 254, Patterns.Email(), "must be an e-mail address")?.Trim();

    private static string? Name(JsonElement root, JsonFieldReader reader, bool required)
    {
        var name = reader.Text(root, "", "name", required, 1, 100);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            reader.Fail("name", "must not be blank");
            return null;
        }

        return name?.Trim();
    }
}
