using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Contracts;

/// <summary>
/// Consumer side of the contracts: details that validate against the schema are read, details that break it are
/// rejected with a message naming the field. Breaking details are derived from the schema itself (every required field
/// removed, every field given the wrong type or null, unknown fields) plus hand-picked value violations.
/// </summary>
public sealed class ConsumerContractTests
{
    /// <summary>Stands for an <c>items</c> array of the given length, built from the example's first item.</summary>
    private const string ManyItems = "@items:";

    private const string Remove = "@remove";

    public static TheoryData<string, string> Examples => new()
    {
        { "Order Created", "order-created.v1.json" },
        { "Payment Processed", "payment-processed.v1.json" },
        { "Payment Failed", "payment-failed.v1.json" },
        { "Inventory Updated", "inventory-updated.v1.json" },
        { "Inventory Updated", "inventory-restocked.v1.json" },
        { "Catalogue Imported", "catalogue-imported.v1.json" },
    };

    public static TheoryData<string, string, string> ValidVariants
    {
        get
        {
            var data = new TheoryData<string, string, string>
            {
                { "Order Created", "items[0].quantity", "100" },
                { "Order Created", "items[0].quantity", "1" },
                { "Order Created", "totalCents", "0" },
                { "Order Created", "items", ManyItems + "50" },
                { "Order Created", "items[0].sku", "\"A\"" },
                { "Order Created", "items[0].sku", "\"" + new string('Z', 40) + "\"" },
                { "Payment Processed", "paymentId", "\"p\"" },
                { "Payment Processed", "paymentId", "\"" + new string('p', 100) + "\"" },
                { "Payment Processed", "amountCents", "0" },
                { "Payment Failed", "reason", "\"insufficient_funds\"" },
                { "Payment Failed", "reason", "\"amount_too_large\"" },
                { "Inventory Updated", "orderId", "null" },
                { "Inventory Updated", "reason", "\"restock\"" },
                { "Inventory Updated", "items[0].stock", "0" },
                { "Inventory Updated", "items", ManyItems + "1" },
                { "Catalogue Imported", "versionId", "null" },
                { "Catalogue Imported", "status", "\"rejected\"" },
                { "Catalogue Imported", "reason", "\"too_large\"" },
                { "Catalogue Imported", "reason", "\"deleted\"" },
                { "Catalogue Imported", "rowsRead", "0" },
                { "Catalogue Imported", "key", "\"imports/a\"" },
                { "Catalogue Imported", "bucket", "\"a.b-c\"" },
            };
            foreach (var (detailType, timestamp) in Timestamps)
            {
                data.Add(detailType, timestamp, "\"2026-11-25T10:00:00Z\"");
                data.Add(detailType, timestamp, "\"2026-11-25T10:00:00.5-05:30\"");
                data.Add(detailType, timestamp, "\"2026-02-28T23:59:59.9999999+14:00\"");
            }

            return data;
        }
    }

    public static TheoryData<string, string, string> BreakingDetails
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var contract in EventContracts.All)
            {
                var schema = ContractSchemas.Of(contract);
                AddSchemaDerived(data, contract.DetailType, schema, "");
                data.Add(contract.DetailType, "unexpected", "1");
                data.Add(contract.DetailType, "schemaVersion", "2");
                data.Add(contract.DetailType, "orderId", "\"ord_123\"");
                data.Add(contract.DetailType, "orderId", "\"ORD_19ABC0DE1F07D3C5A9E1B2F4C6D8E0A\"");
                data.Add(contract.DetailType, "orderId", "\"ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a\\n\"");
                if (schema.GetProperty("properties").TryGetProperty("items", out _))
                {
                    data.Add(contract.DetailType, "items", "[]");
                    data.Add(contract.DetailType, "items", ManyItems + "51");
                    data.Add(contract.DetailType, "items[0].sku", "\"widget-1\"");
                    data.Add(contract.DetailType, "items[0].sku", "\"" + new string('Z', 41) + "\"");
                }
            }

            foreach (var detailType in new[] { "Order Created", "Payment Processed", "Payment Failed" })
            {
                data.Add(detailType, "customerId", "\"usr_nobody\"");
                data.Add(detailType, "customerId", "\"usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e0\"");
                data.Add(detailType, "currency", "\"EUR\"");
                data.Add(detailType, "currency", "\"usd\"");
            }

            data.Add("Order Created", "items[0].quantity", "0");
            data.Add("Order Created", "items[0].quantity", "101");
            data.Add("Order Created", "items[0].quantity", "2.5");
            data.Add("Order Created", "items[0].unitPriceCents", "-1");
            data.Add("Order Created", "totalCents", "-1");
            data.Add("Payment Processed", "paymentId", "\"\"");
            data.Add("Payment Processed", "paymentId", "\"" + new string('p', 101) + "\"");
            data.Add("Payment Processed", "amountCents", "-1");
            data.Add("Payment Failed", "amountCents", "-1");
            data.Add("Payment Failed", "reason", "\"fraud_suspected\"");
            data.Add("Payment Failed", "reason", "\"Card_Declined\"");
            data.Add("Inventory Updated", "reason", "\"sale\"");
            data.Add("Inventory Updated", "items[0].stock", "-1");
            data.Add("Catalogue Imported", "importId", "\"imp_123\"");
            data.Add("Catalogue Imported", "bucket", "\"Platform_Bucket\"");
            data.Add("Catalogue Imported", "key", "\"reports/catalogue.csv\"");
            data.Add("Catalogue Imported", "eTag", "\"\"");
            data.Add("Catalogue Imported", "versionId", "\"\"");
            data.Add("Catalogue Imported", "status", "\"done\"");
            data.Add("Catalogue Imported", "reason", "\"too_big_really\"");
            data.Add("Catalogue Imported", "rowsRead", "-1");
            data.Add("Catalogue Imported", "imported", "-1");
            data.Add("Catalogue Imported", "rejected", "-1");
            data.Add("Catalogue Imported", "skipped", "-1");
            data.Add("Catalogue Imported", "reportKey", "\"imports/catalogue.csv\"");

            foreach (var (detailType, timestamp) in Timestamps)
            {
                data.Add(detailType, timestamp, "\"yesterday\"");
                data.Add(detailType, timestamp, "\"2026-13-01T10:00:00Z\"");
                data.Add(detailType, timestamp, "\"2026-11-25\"");
                data.Add(detailType, timestamp, "\"2026-11-25T10:00:00\"");
            }

            return data;
        }
    }

    private static IEnumerable<(string DetailType, string Field)> Timestamps =>
    [
        ("Order Created", "createdAt"),
        ("Payment Processed", "processedAt"),
        ("Payment Failed", "failedAt"),
        ("Inventory Updated", "updatedAt"),
        ("Catalogue Imported", "completedAt"),
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Reader_ExamplePayload_ValidatesAndIsAccepted(string detailType, string file)
    {
        var contract = Contract(detailType);
        var detail = JsonSerializer.SerializeToElement(Payloads.Load(file));

        Assert.Empty(ContractSchemas.Validate(contract, detail));
        Assert.NotNull(Read(contract, detail));
    }

    [Theory]
    [MemberData(nameof(ValidVariants))]
    public void Reader_DetailValidUnderSchema_IsAccepted(string detailType, string path, string json)
    {
        var contract = Contract(detailType);
        var detail = Mutate(contract, path, json);

        Assert.Empty(ContractSchemas.Validate(contract, detail));
        Assert.NotNull(Read(contract, detail));
    }

    [Theory]
    [MemberData(nameof(BreakingDetails))]
    public void Reader_DetailBreakingSchema_IsRejected(string detailType, string path, string json)
    {
        var contract = Contract(detailType);
        var detail = Mutate(contract, path, json);
        Assert.NotEmpty(ContractSchemas.Validate(contract, detail));

        var error = Record.Exception(() => Read(contract, detail));

        Assert.IsType<ContractViolationException>(error);
    }

    [Theory]
    [MemberData(nameof(BreakingDetails))]
    public void Reader_DetailBreakingSchema_NamesTheFieldWithoutItsValue(string detailType, string path, string json)
    {
        var contract = Contract(detailType);
        var detail = Mutate(contract, path, json);

        // Whether the reader rejects at all is the test above; this one is about what the rejection says.
        if (Record.Exception(() => Read(contract, detail)) is not ContractViolationException error)
        {
            return;
        }

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        if (json.StartsWith('"') && json.Length > 8)
        {
            Assert.DoesNotContain(JsonNode.Parse(json)!.GetValue<string>(), error.Message, StringComparison.Ordinal);
        }
    }

    private static JsonElement Mutate(EventContract contract, string path, string json)
    {
        var builder = A.Detail(contract);
        if (json == Remove)
        {
            return builder.Remove(path).Build();
        }

        if (json.StartsWith(ManyItems, StringComparison.Ordinal))
        {
            var count = int.Parse(json[ManyItems.Length..], CultureInfo.InvariantCulture);
            var item = Payloads.Example(contract)["items"]![0]!.ToJsonString();
            return builder.SetJson(path, "[" + string.Join(',', Enumerable.Repeat(item, count)) + "]").Build();
        }

        return builder.SetJson(path, json).Build();
    }

    /// <summary>Removal of each required field, the wrong type for each field and null for each non-nullable one, recursing into items.</summary>
    private static void AddSchemaDerived(TheoryData<string, string, string> data, string detailType, JsonElement schema, string prefix)
    {
        var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            var path = prefix + property.Name;
            var type = property.Value.GetProperty("type");
            var nullable = type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null");
            var mainType = type.ValueKind == JsonValueKind.Array ? type[0].GetString() : type.GetString();
            if (required.Contains(property.Name))
            {
                data.Add(detailType, path, Remove);
            }

            data.Add(detailType, path, mainType switch
            {
                "string" => "42",
                "integer" => "\"7\"",
                "array" => "{}",
                "object" => "[]",
                _ => throw new NotSupportedException(mainType),
            });
            if (!nullable)
            {
                data.Add(detailType, path, "null");
            }

            if (mainType == "array" && prefix.Length == 0)
            {
                var items = property.Value.GetProperty("items");
                AddSchemaDerived(data, detailType, items, path + "[0].");
                data.Add(detailType, path + "[0].unexpected", "1");
                data.Add(detailType, path + "[0]", "\"item\"");
            }
        }
    }
}
