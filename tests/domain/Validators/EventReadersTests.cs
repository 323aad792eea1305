using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Validators;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

public sealed class EventReadersTests
{
    public static TheoryData<string> DetailTypes => [.. EventContracts.All.Select(c => c.DetailType)];

    [Fact]
    public void OrderCreated_ExampleDetail_ReadsEveryField()
    {
        var contract = EventContracts.OrderCreated;

        var detail = EventReaders.OrderCreated(contract.Source, contract.DetailType, A.Detail(contract).Build());

        Assert.Equal(1, detail.SchemaVersion);
        Assert.Equal("ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a", detail.OrderId);
        Assert.Equal("usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e", detail.CustomerId);
        Assert.Equal([new OrderItemDetail("WIDGET-1", 2, 1_250), new OrderItemDetail("GADGET-7", 1, 0)], detail.Items);
        Assert.Equal((2_500, "USD"), (detail.TotalCents, detail.Currency));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), detail.CreatedAt);
    }

    [Fact]
    public void PaymentProcessed_ExampleDetail_ReadsEveryField()
    {
        var contract = EventContracts.PaymentProcessed;

        var detail = EventReaders.PaymentProcessed(contract.Source, contract.DetailType, A.Detail(contract).Build());

        Assert.Equal("pay_4f1c0a9b8e7d6c5b4a39281f", detail.PaymentId);
        Assert.Equal(2_500, detail.AmountCents);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 5, TimeSpan.Zero).AddTicks(1_234_567), detail.ProcessedAt);
    }

    [Fact]
    public void PaymentFailed_ExampleDetail_ReadsEveryField()
    {
        var contract = EventContracts.PaymentFailed;

        var detail = EventReaders.PaymentFailed(contract.Source, contract.DetailType, A.Detail(contract).Build());

        Assert.Equal(("card_declined", 2_500L), (detail.Reason, detail.AmountCents));
    }

    [Fact]
    public void InventoryUpdated_RestockWithNullOrderId_IsAccepted()
    {
        var contract = EventContracts.InventoryUpdated;

        var detail = EventReaders.InventoryUpdated(contract.Source, contract.DetailType, JsonSerializer.SerializeToElement(Payloads.Load("inventory-restocked.v1.json")));

        Assert.Equal("restock", detail.Reason);
        Assert.Null(detail.OrderId);
        Assert.Equal([new StockLevelDetail("WIDGET-1", 500)], detail.Items);
        Assert.Equal(TimeSpan.FromHours(1), detail.UpdatedAt.Offset);
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Reader_WrongSource_ThrowsNamingTheExpectedSource(string detailType)
    {
        var contract = Contract(detailType);

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, "platform.evil", contract.DetailType, A.Detail(contract).Build()));

        Assert.Contains($"source {contract.Source}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("platform.evil", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Reader_WrongDetailType_Throws(string detailType)
    {
        var contract = Contract(detailType);
        var other = EventContracts.All.FirstOrDefault(c => c != contract && c.Source == contract.Source)?.DetailType ?? "Something Else";

        Assert.Throws<ContractViolationException>(() => Read(contract, contract.Source, other, A.Detail(contract).Build()));
        Assert.Throws<ContractViolationException>(() => Read(contract, contract.Source, contract.DetailType.ToUpperInvariant(), A.Detail(contract).Build()));
        Assert.Throws<ContractViolationException>(() => Read(contract, null, null, A.Detail(contract).Build()));
    }

    [Theory]
    [InlineData("Order Created", "2")]
    [InlineData("Order Created", "0")]
    [InlineData("Payment Processed", "\"1\"")]
    [InlineData("Payment Failed", "1.5")]
    [InlineData("Inventory Updated", "null")]
    [InlineData("Inventory Updated", "99999999999")]
    public void Reader_WrongSchemaVersion_ThrowsNamingSchemaVersion(string detailType, string version)
    {
        var contract = Contract(detailType);

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).SetJson("schemaVersion", version).Build()));

        Assert.Equal($"{detailType} v1 violates its contract: schemaVersion: must be 1", ex.Message);
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Reader_DetailNotAnObject_ThrowsNamingDetail(string detailType)
    {
        var contract = Contract(detailType);

        foreach (var json in new[] { "[]", "\"x\"", "null", "1" })
        {
            using var detail = JsonDocument.Parse(json);
            var ex = Assert.Throws<ContractViolationException>(() => Read(contract, detail.RootElement));
            Assert.EndsWith("detail: must be a JSON object", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reader_DefaultElement_ThrowsNamingDetail()
    {
        var contract = EventContracts.OrderCreated;

        Assert.Throws<ContractViolationException>(() => Read(contract, default));
    }

    [Fact]
    public void OrderCreated_BadOrderId_ThrowsExactMessageWithoutValue()
    {
        var contract = EventContracts.OrderCreated;
        const string Bad = "ord_DROP TABLE orders";

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Set("orderId", Bad).Build()));

        Assert.Equal("Order Created v1 violates its contract: orderId: must be an order id (ord_…)", ex.Message);
    }

    [Fact]
    public void OrderCreated_SeveralProblems_ReportsEachField()
    {
        var contract = EventContracts.OrderCreated;
        var detail = A.Detail(contract).Set("customerId", "usr_x").Set("currency", "EUR").Set("totalCents", -5).Set("items[1].quantity", 0).Build();

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, detail));

        Assert.Equal(
            "Order Created v1 violates its contract: customerId: must be a user id (usr_…); items[1].quantity: must be between 1 and 100; "
            + "totalCents: must not be negative; currency: must be USD",
            ex.Message);
    }

    [Fact]
    public void OrderCreated_NullForRequiredString_SaysMustNotBeNull()
    {
        var contract = EventContracts.OrderCreated;

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Set("customerId", null).Build()));

        Assert.Equal("Order Created v1 violates its contract: customerId: must not be null", ex.Message);
    }

    [Fact]
    public void PaymentProcessed_NumberForTimestamp_SaysWrongType()
    {
        var contract = EventContracts.PaymentProcessed;

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Set("processedAt", 1_764_064_800).Build()));

        Assert.Equal("Payment Processed v1 violates its contract: processedAt: has the wrong type", ex.Message);
    }

    [Fact]
    public void PaymentProcessed_UnparseableTimestamp_NamesFieldWithoutValue()
    {
        var contract = EventContracts.PaymentProcessed;

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Set("processedAt", "next tuesday").Build()));

        Assert.StartsWith("Payment Processed v1 violates its contract: processedAt: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("next tuesday", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InventoryUpdated_UnknownFieldInItem_NamesItsPath()
    {
        var contract = EventContracts.InventoryUpdated;

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Set("items[1].reserved", 3).Build()));

        Assert.Equal("Inventory Updated v1 violates its contract: items[1].reserved: has a field the contract does not define", ex.Message);
    }

    [Fact]
    public void OrderCreated_MissingField_NamesTheField()
    {
        var contract = EventContracts.OrderCreated;

        var ex = Assert.Throws<ContractViolationException>(() => Read(contract, A.Detail(contract).Remove("customerId").Build()));

        Assert.Contains("customerId", ex.Message, StringComparison.Ordinal);
    }
}
