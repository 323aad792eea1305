using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Payments;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Contracts;

/// <summary>
/// Producer side of the contracts: whatever <see cref="EventFactory"/> writes validates against the schema of the
/// contract it names. (Every service test also publishes through a recorder that checks each event against its schema.)
/// </summary>
public sealed class ProducerContractTests
{
    private static readonly Dictionary<string, (EventContract Contract, Func<OutgoingEvent> Produce)> Cases = new(StringComparer.Ordinal)
    {
        ["order created, one line"] = (EventContracts.OrderCreated, () => EventFactory.OrderCreated(A.Order().Build())),
        ["order created, generated ids"] = (EventContracts.OrderCreated, () => EventFactory.OrderCreated(GeneratedIdsOrder())),
        ["order created, fifty lines at the limits"] = (EventContracts.OrderCreated, () => EventFactory.OrderCreated(FiftyLineOrder())),
        ["order created, free item"] = (EventContracts.OrderCreated, () => EventFactory.OrderCreated(A.Order().WithLine("FREEBIE", 1, 0).Build())),
        ["order created, offset and fractional seconds"] = (EventContracts.OrderCreated, () =>
            EventFactory.OrderCreated(A.Order().CreatedAt(new DateTimeOffset(2026, 3, 29, 1, 59, 59, 999, TimeSpan.FromHours(-9.5)).AddTicks(1)).Build())),
        ["payment processed, simulator payment id"] = (EventContracts.PaymentProcessed, () =>
            EventFactory.PaymentProcessed(A.Order().Charged(SimulatorPaymentId()).Build(), FakeTimeProvider.DefaultStart)),
        ["payment failed, card_declined"] = (EventContracts.PaymentFailed, () => Failed("card_declined")),
        ["payment failed, insufficient_funds"] = (EventContracts.PaymentFailed, () => Failed("insufficient_funds")),
        ["payment failed, amount_too_large"] = (EventContracts.PaymentFailed, () => Failed("amount_too_large")),
        ["inventory updated, reservation"] = (EventContracts.InventoryUpdated, () =>
            EventFactory.InventoryUpdated("reservation", TestIds.Order(7), [new StockLevelDetail("GADGET-7", 0), new StockLevelDetail("WIDGET-1", 8)], FakeTimeProvider.DefaultStart)),
        ["inventory updated, restock"] = (EventContracts.InventoryUpdated, () =>
            EventFactory.InventoryUpdated("restock", null, [new StockLevelDetail("WIDGET-1", 1_000_000)], FakeTimeProvider.DefaultStart)),
        ["catalogue imported, versioned"] = (EventContracts.CatalogueImported, () => EventFactory.CatalogueImported(
            new ImportObject("platform-dev-catalogue", "imports/2026/catalogue.csv", "9b2cf535f27731c974343645a3985328", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", 2048),
            GeneratedImportId(),
            new ImportOutcome(ImportStatus.Imported, null, new ImportCounts(10, 7, 2, 1), "reports/2026/catalogue.csv.3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY.report.json", FakeTimeProvider.DefaultStart))),
        ["catalogue imported, rejected unversioned multipart"] = (EventContracts.CatalogueImported, () => EventFactory.CatalogueImported(
            new ImportObject("platform-dev-catalogue", "imports/catalogue.xlsx", "d41d8cd98f00b204e9800998ecf8427e-12", null, null),
            GeneratedImportId(),
            new ImportOutcome(ImportStatus.Rejected, ImportReason.UnsupportedFormat, ImportCounts.Zero, "reports/catalogue.xlsx.d41d8cd98f00b204e9800998ecf8427e-12.report.json", FakeTimeProvider.DefaultStart))),
        ["catalogue imported, superseded"] = (EventContracts.CatalogueImported, () => EventFactory.CatalogueImported(
            new ImportObject("platform-dev-catalogue", "imports/a b.csv", "9b2cf535f27731c974343645a3985328", null, 1),
            GeneratedImportId(),
            new ImportOutcome(ImportStatus.Superseded, ImportReason.Replaced, ImportCounts.Zero, "reports/a b.csv.9b2cf535f27731c974343645a3985328.report.json", FakeTimeProvider.DefaultStart))),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Factory_Output_NamesItsContract(string name)
    {
        var (contract, produce) = Cases[name];

        var outgoing = produce();

        Assert.Same(contract, outgoing.Contract);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Factory_Output_ValidatesAgainstItsSchema(string name)
    {
        var (contract, produce) = Cases[name];

        var outgoing = produce();

        Assert.Empty(ContractSchemas.Validate(contract, outgoing.DetailJson));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Factory_Output_IsAcceptedByItsReader(string name)
    {
        var (contract, produce) = Cases[name];
        using var detail = JsonDocument.Parse(produce().DetailJson);

        var read = Read(contract, detail.RootElement);

        Assert.NotNull(read);
    }

    [Fact]
    public void PaymentProcessed_OrderWithoutPaymentId_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => EventFactory.PaymentProcessed(A.Order().WithStatus(OrderStatus.Paid).Build(), FakeTimeProvider.DefaultStart));
    }

    [Fact]
    public void PaymentFailed_OrderWithoutDeclineReason_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => EventFactory.PaymentFailed(A.Order().WithStatus(OrderStatus.Declined).Build(), FakeTimeProvider.DefaultStart));
    }

    private static string GeneratedImportId() => new RandomIdGenerator(new FakeTimeProvider()).NewId("imp");

    private static Order GeneratedIdsOrder()
    {
        var ids = new RandomIdGenerator(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        return A.Order().WithId(ids.NewId("ord")).ForCustomer(ids.NewId("usr")).Build();
    }

    private static Order FiftyLineOrder()
    {
        var builder = A.Order();
        for (var i = 0; i < 50; i++)
        {
            builder.WithLine($"SKU-{i:D2}-{new string('X', 33)}", 100, 100_000_000);
        }

        return builder.Build();
    }

    private static string SimulatorPaymentId() =>
        new PaymentSimulator().ChargeAsync(new ChargeRequest("order-" + TestIds.Order(1), TestIds.User(1), 100, "USD", "pm_card_visa"), CancellationToken.None)
            .GetAwaiter().GetResult().PaymentId!;

    private static OutgoingEvent Failed(string reason) => EventFactory.PaymentFailed(A.Order().Declined(reason).Build(), FakeTimeProvider.DefaultStart);
}
