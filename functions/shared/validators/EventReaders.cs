using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;

namespace Platform.Functions.Shared.Validators;

/// <summary>Reads event details strictly against their contracts; a violation throws, so the event reaches its dead-letter queue with the reason.</summary>
public static class EventReaders
{
    /// <summary>Reads an <c>Order Created</c> detail.</summary>
    public static OrderCreatedDetail OrderCreated(string? source, string? detailType, JsonElement detail)
    {
        var value = Read(EventContracts.OrderCreated, source, detailType, detail, EventJsonContext.Default.OrderCreatedDetail);
        var problems = new List<FieldProblem>();
        OrderId(value.OrderId, problems);
        UserId(value.CustomerId, problems);
        if (value.Items.Count is < 1 or > RequestReaders.MaxOrderItems)
        {
            problems.Add(new FieldProblem("items", $"must have 1 to {RequestReaders.MaxOrderItems} items"));
        }

        for (var i = 0; i < value.Items.Count; i++)
        {
            var item = value.Items[i];
            Sku(item.Sku, $"items[{i}].sku", problems);
            if (item.Quantity is < 1 or > RequestReaders.MaxQuantity)
            {
                problems.Add(new FieldProblem($"items[{i}].quantity", $"must be between 1 and {RequestReaders.MaxQuantity}"));
            }

            NonNegative(item.UnitPriceCents, $"items[{i}].unitPriceCents", problems);
        }

        NonNegative(value.TotalCents, "totalCents", problems);
        Currency(value.Currency, problems);
        return Check(EventContracts.OrderCreated, value, problems);
    }

    /// <summary>Reads a <c>Payment Processed</c> detail.</summary>
    public static PaymentProcessedDetail PaymentProcessed(string? source, string? detailType, JsonElement detail)
    {
        var value = Read(EventContracts.PaymentProcessed, source, detailType, detail, EventJsonContext.Default.PaymentProcessedDetail);
        var problems = new List<FieldProblem>();
        OrderId(value.OrderId, problems);
        UserId(value.CustomerId, problems);
        if (value.PaymentId.Length is < 1 or > 100)
        {
            problems.Add(new FieldProblem("paymentId", "must be 1 to 100 characters"));
        }

        NonNegative(value.AmountCents, "amountCents", problems);
        Currency(value.Currency, problems);
        return Check(EventContracts.PaymentProcessed, value, problems);
    }

    /// <summary>Reads a <c>Payment Failed</c> detail.</summary>
    public static PaymentFailedDetail PaymentFailed(string? source, string? detailType, JsonElement detail)
    {
        var value = Read(EventContracts.PaymentFailed, source, detailType, detail, EventJsonContext.Default.PaymentFailedDetail);
        var problems = new List<FieldProblem>();
        OrderId(value.OrderId, problems);
        UserId(value.CustomerId, problems);
        NonNegative(value.AmountCents, "amountCents", problems);
        Currency(value.Currency, problems);
        if (value.Reason is not ("card_declined" or "insufficient_funds" or "amount_too_large"))
        {
            problems.Add(new FieldProblem("reason", "must be card_declined, insufficient_funds or amount_too_large"));
        }

        return Check(EventContracts.PaymentFailed, value, problems);
    }

    /// <summary>Reads an <c>Inventory Updated</c> detail.</summary>
    public static InventoryUpdatedDetail InventoryUpdated(string? source, string? detailType, JsonElement detail)
    {
        var value = Read(EventContracts.InventoryUpdated, source, detailType, detail, EventJsonContext.Default.InventoryUpdatedDetail);
        var problems = new List<FieldProblem>();
        if (value.Reason is not ("reservation" or "restock"))
        {
            problems.Add(new FieldProblem("reason", "must be reservation or restock"));
        }

        if (value.OrderId is not null)
        {
            OrderId(value.OrderId, problems);
        }

        if (value.Items.Count is < 1 or > RequestReaders.MaxOrderItems)
        {
            problems.Add(new FieldProblem("items", $"must have 1 to {RequestReaders.MaxOrderItems} items"));
        }

        for (var i = 0; i < value.Items.Count; i++)
        {
            Sku(value.Items[i].Sku, $"items[{i}].sku", problems);
            NonNegative(value.Items[i].Stock, $"items[{i}].stock", problems);
        }

        return Check(EventContracts.InventoryUpdated, value, problems);
    }

    /// <summary>Reads a <c>Catalogue Imported</c> detail.</summary>
    public static CatalogueImportedDetail CatalogueImported(string? source, string? detailType, JsonElement detail)
    {
        var value = Read(EventContracts.CatalogueImported, source, detailType, detail, EventJsonContext.Default.CatalogueImportedDetail);
        var problems = new List<FieldProblem>();
        if (!Patterns.ImportId().IsMatch(value.ImportId))
        {
            problems.Add(new FieldProblem("importId", "must be an import id (imp_…)"));
        }

        if (!Patterns.BucketName().IsMatch(value.Bucket))
        {
            problems.Add(new FieldProblem("bucket", "must be a bucket name"));
        }

        if (!value.Key.StartsWith("imports/", StringComparison.Ordinal) || value.Key.Length is < 9 or > 1024)
        {
            problems.Add(new FieldProblem("key", "must be a key under imports/ of at most 1024 characters"));
        }

        if (value.ETag.Length is < 1 or > 1024)
        {
            problems.Add(new FieldProblem("eTag", "must be 1 to 1024 characters"));
        }

        if (value.VersionId is { Length: < 1 or > 1024 })
        {
            problems.Add(new FieldProblem("versionId", "must be 1 to 1024 characters"));
        }

        if (value.Status is not ("imported" or "rejected" or "superseded"))
        {
            problems.Add(new FieldProblem("status", "must be imported, rejected or superseded"));
        }

        if (value.Reason is not (null or "too_large" or "unsupported_format" or "not_text" or "invalid_content" or "replaced" or "deleted"))
        {
            problems.Add(new FieldProblem("reason", "must be null, too_large, unsupported_format, not_text, invalid_content, replaced or deleted"));
        }

        NonNegative(value.RowsRead, "rowsRead", problems);
        NonNegative(value.Imported, "imported", problems);
        NonNegative(value.Rejected, "rejected", problems);
        NonNegative(value.Skipped, "skipped", problems);
        if (!value.ReportKey.StartsWith("reports/", StringComparison.Ordinal) || !value.ReportKey.EndsWith(".report.json", StringComparison.Ordinal)
            || value.ReportKey.Length is < 21 or > 1200)
        {
            problems.Add(new FieldProblem("reportKey", "must be a key under reports/ ending in .report.json"));
        }

        return Check(EventContracts.CatalogueImported, value, problems);
    }

    private static T Read<T>(EventContract contract, string? source, string? detailType, JsonElement detail, JsonTypeInfo<T> typeInfo)
    {
        var name = $"{contract.DetailType} v{contract.SchemaVersion}";
        if (!string.Equals(source, contract.Source, StringComparison.Ordinal) || !string.Equals(detailType, contract.DetailType, StringComparison.Ordinal))
        {
            throw new ContractViolationException($"{name} expected source {contract.Source} and detail-type {contract.DetailType}; the event has another.");
        }

        if (detail.ValueKind != JsonValueKind.Object)
        {
            throw ContractViolationException.From(name, [new FieldProblem("detail", "must be a JSON object")]);
        }

        if (!detail.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != contract.SchemaVersion)
        {
            throw ContractViolationException.From(name, [new FieldProblem("schemaVersion", $"must be {contract.SchemaVersion}")]);
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType == typeof(DateTimeOffset) && detail.TryGetProperty(property.Name, out var timestamp)
                && timestamp.ValueKind == JsonValueKind.String && !Patterns.Timestamp().IsMatch(timestamp.GetString()!))
            {
                throw ContractViolationException.From(name, [new FieldProblem(property.Name, "must be an RFC 3339 date-time with an offset")]);
            }
        }

        try
        {
            return detail.Deserialize(typeInfo) ?? throw ContractViolationException.From(name, [new FieldProblem("detail", "must not be null")]);
        }
        catch (JsonException ex)
        {
            // The serializer's message names .NET types; the path is what a producer needs to find its mistake.
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "detail" : ex.Path.TrimStart('$', '.');
            if (ex.Message.Contains("missing required", StringComparison.Ordinal))
            {
                // "... missing required properties including: 'orderId', 'currency'." names JSON properties, not values.
                var including = ex.Message.IndexOf("including:", StringComparison.Ordinal);
                var prefix = field == "detail" ? "" : field + ".";
                var missing = ex.Message[(including < 0 ? 0 : including)..].Split('\'').Where((_, i) => i % 2 == 1)
                    .Select(n => new FieldProblem(prefix + n, "is required")).ToList();
                if (missing.Count > 0)
                {
                    throw new ContractViolationException(ContractViolationException.From(name, missing).Message, ex);
                }
            }

            var what = ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "has a field the contract does not define"
                : ex.Message.Contains("missing required", StringComparison.Ordinal) ? "is missing a required field"
                : ex.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "must not be null"
                : "has the wrong type";
            throw new ContractViolationException($"{name} violates its contract: {field}: {what}", ex);
        }
    }

    private static T Check<T>(EventContract contract, T value, List<FieldProblem> problems) =>
        problems.Count == 0 ? value : throw ContractViolationException.From($"{contract.DetailType} v{contract.SchemaVersion}", problems);

    private static void OrderId(string value, List<FieldProblem> problems)
    {
        if (!Patterns.OrderId().IsMatch(value))
        {
            problems.Add(new FieldProblem("orderId", "must be an order id (ord_…)"));
        }
    }

    private static void UserId(string value, List<FieldProblem> problems)
    {
        if (!Patterns.UserId().IsMatch(value))
        {
            problems.Add(new FieldProblem("customerId", "must be a user id (usr_…)"));
        }
    }

    private static void Sku(string value, string field, List<FieldProblem> problems)
    {
        if (!Patterns.Sku().IsMatch(value))
        {
            problems.Add(new FieldProblem(field, "must be upper-case letters, digits and dashes"));
        }
    }

    private static void NonNegative(long value, string field, List<FieldProblem> problems)
    {
        if (value < 0)
        {
            problems.Add(new FieldProblem(field, "must not be negative"));
        }
    }

    private static void Currency(string value, List<FieldProblem> problems)
    {
        if (value != "USD")
        {
            problems.Add(new FieldProblem("currency", "must be USD"));
        }
    }
}
