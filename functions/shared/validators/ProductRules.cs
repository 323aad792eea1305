using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Validators;

/// <summary>
/// The rules of a product's fields, shared by <c>PUT /products/{sku}</c> and catalogue import rows (CSV and JSON Lines),
/// with the same limits and the same messages as <see cref="JsonFieldReader"/>.
/// </summary>
public static class ProductRules
{
    /// <summary>Longest SKU.</summary>
    public const int MaxSkuLength = 40;

    /// <summary>Longest product name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Highest price, in minor units (cents): the unit of <see cref="Product.PriceCents"/>.</summary>
    public const long MaxPriceCents = 100_000_000;

    /// <summary>Most units in stock.</summary>
    public const int MaxStock = 1_000_000;

    /// <summary>What a malformed SKU is told.</summary>
    public const string SkuHint = "must be upper-case letters, digits and dashes";

    /// <summary>What a blank name is told.</summary>
    public const string BlankName = "must not be blank";

    /// <summary>An import row as a JSON object <c>{"sku","name","price","stock"}</c> (price in cents); null when invalid, with the problems in <paramref name="reader"/>.</summary>
    public static ProductUpsert? ImportRow(JsonElement root, JsonFieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("row", "must be a JSON object");
            return null;
        }

        reader.ObjectWith(root, "", "sku", "name", "price", "stock");
        var sku = reader.Text(root, "", "sku", true, 1, MaxSkuLength, Patterns.Sku(), SkuHint);
        var name = reader.Text(root, "", "name", true, 1, MaxNameLength);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            reader.Fail("name", BlankName);
            name = null;
        }

        var price = reader.WholeNumber(root, "", "price", true, 0, MaxPriceCents);
        var stock = reader.WholeNumber(root, "", "stock", true, 0, MaxStock);
        return reader.IsValid && sku is not null && name is not null && price is not null && stock is not null
            ? new ProductUpsert(sku, name.Trim(), price.Value, (int)stock.Value)
            : null;
    }

    /// <summary>An import row from text fields (CSV); null when invalid, with one problem per wrong field added to <paramref name="problems"/>.</summary>
    /// <remarks>Surrounding spaces of the SKU, price and stock are ignored; the name is trimmed after its checks, as in JSON.</remarks>
    public static ProductUpsert? ImportRow(string sku, string name, string price, string stock, List<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var validSku = Text(sku.Trim(), "sku", 1, MaxSkuLength, Patterns.Sku(), SkuHint, problems);
        var validName = Text(name, "name", 1, MaxNameLength, null, null, problems);
        if (validName is not null && string.IsNullOrWhiteSpace(validName))
        {
            problems.Add(new FieldProblem("name", BlankName));
            validName = null;
        }

        var validPrice = WholeNumber(price, "price", 0, MaxPriceCents, problems);
        var validStock = WholeNumber(stock, "stock", 0, MaxStock, problems);
        return problems.Count == before && validSku is not null && validName is not null && validPrice is not null && validStock is not null
            ? new ProductUpsert(validSku, validName.Trim(), validPrice.Value, (int)validStock.Value)
            : null;
    }

    private static string? Text(string value, string field, int minLength, int maxLength, Regex? pattern, string? hint, List<FieldProblem> problems)
    {
        if (value.Length == 0)
        {
            problems.Add(new FieldProblem(field, "is required"));
            return null;
        }

        if (value.Length < minLength || value.Length > maxLength)
        {
            problems.Add(new FieldProblem(field, $"must be {minLength} to {maxLength} characters"));
            return null;
        }

        if (value.Any(char.IsControl))
        {
            problems.Add(new FieldProblem(field, "must not contain control characters"));
            return null;
        }

        if (pattern is not null && !pattern.IsMatch(value))
        {
            problems.Add(new FieldProblem(field, hint ?? "has an invalid format"));
            return null;
        }

        return value;
    }

    private static long? WholeNumber(string value, string field, long minimum, long maximum, List<FieldProblem> problems)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            problems.Add(new FieldProblem(field, "is required"));
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            problems.Add(new FieldProblem(field, "must be a whole number"));
            return null;
        }

        if (number < minimum || number > maximum)
        {
            problems.Add(new FieldProblem(field, $"must be between {minimum} and {maximum}"));
            return null;
        }

        return number;
    }
}
