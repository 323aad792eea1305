using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Functions.Shared.Domain.Events;

/// <summary>The written contract of one event type: who publishes it, its detail-type, the schema version and the JSON schema file.</summary>
public sealed record EventContract(string Source, string DetailType, int SchemaVersion, string SchemaFile);

/// <summary>The platform's event contracts. Producers and consumers are both tested against the schema files.</summary>
public static class EventContracts
{
    /// <summary>An order was accepted and is waiting for payment.</summary>
    public static readonly EventContract OrderCreated = new("platform.orders", "Order Created", 1, "order-created.v1.schema.json");

    /// <summary>An order was charged.</summary>
    public static readonly EventContract PaymentProcessed = new("platform.payments", "Payment Processed", 1, "payment-processed.v1.schema.json");

    /// <summary>An order's charge was declined.</summary>
    public static readonly EventContract PaymentFailed = new("platform.payments", "Payment Failed", 1, "payment-failed.v1.schema.json");

    /// <summary>Stock levels changed (a reservation or a restock).</summary>
    public static readonly EventContract InventoryUpdated = new("platform.inventory", "Inventory Updated", 1, "inventory-updated.v1.schema.json");

    /// <summary>A catalogue file under <c>imports/</c> was processed: imported, rejected as a whole, or superseded by a newer upload.</summary>
    public static readonly EventContract CatalogueImported = new("platform.catalogue", "Catalogue Imported", 1, "catalogue-imported.v1.schema.json");

    /// <summary>Every contract.</summary>
    public static IReadOnlyList<EventContract> All { get; } = [OrderCreated, PaymentProcessed, PaymentFailed, InventoryUpdated, CatalogueImported];

    /// <summary>The JSON schema text of a contract, embedded in this assembly.</summary>
    public static string ReadSchema(EventContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        using var stream = typeof(EventContracts).Assembly.GetManifestResourceStream("Schemas." + contract.SchemaFile)
            ?? throw new InvalidOperationException($"Schema {contract.SchemaFile} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One item of an order as events carry it.</summary>
public sealed record OrderItemDetail(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("unitPriceCents")] long UnitPriceCents);

/// <summary>Detail of <c>Order Created</c> v1.</summary>
public sealed record OrderCreatedDetail(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("items")] IReadOnlyList<OrderItemDetail> Items,
    [property: JsonPropertyName("totalCents")] long TotalCents,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt);

/// <summary>Detail of <c>Payment Processed</c> v1.</summary>
public sealed record PaymentProcessedDetail(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("paymentId")] string PaymentId,
    [property: JsonPropertyName("amountCents")] long AmountCents,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("processedAt")] DateTimeOffset ProcessedAt);

/// <summary>Detail of <c>Payment Failed</c> v1.</summary>
public sealed record PaymentFailedDetail(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("amountCents")] long AmountCents,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("failedAt")] DateTimeOffset FailedAt);

/// <summary>One SKU's stock after a change.</summary>
public sealed record StockLevelDetail(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("stock")] int Stock);

/// <summary>Detail of <c>Inventory Updated</c> v1.</summary>
public sealed record InventoryUpdatedDetail(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("items")] IReadOnlyList<StockLevelDetail> Items,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt);

/// <summary>Detail of <c>Catalogue Imported</c> v1: the counts of one import file and where its report is.</summary>
public sealed record CatalogueImportedDetail(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("importId")] string ImportId,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("eTag")] string ETag,
    [property: JsonPropertyName("versionId")] string? VersionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("rowsRead")] int RowsRead,
    [property: JsonPropertyName("imported")] int Imported,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("reportKey")] string ReportKey,
    [property: JsonPropertyName("completedAt")] DateTimeOffset CompletedAt);

/// <summary>An event ready to publish: its contract and its serialized detail.</summary>
public sealed record OutgoingEvent(EventContract Contract, string DetailJson)
{
    /// <summary>Serializes a detail for its contract.</summary>
    public static OutgoingEvent Create<T>(EventContract contract, T detail, JsonTypeInfo<T> typeInfo) =>
        new(contract, JsonSerializer.Serialize(detail, typeInfo));
}

/// <summary>The port for publishing events (EventBridge).</summary>
public interface IEventPublisher
{
    /// <summary>Publishes every event or throws; a partial failure is a failure.</summary>
    Task PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken);
}

/// <summary>Source-generated serialization of event details.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OrderCreatedDetail))]
[JsonSerializable(typeof(PaymentProcessedDetail))]
[JsonSerializable(typeof(PaymentFailedDetail))]
[JsonSerializable(typeof(InventoryUpdatedDetail))]
[JsonSerializable(typeof(CatalogueImportedDetail))]
public sealed partial class EventJsonContext : JsonSerializerContext;
