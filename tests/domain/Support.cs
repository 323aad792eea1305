using System.Text;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Validators;

namespace Platform.Tests.Domain;

internal static class Support
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static Parsed<PlaceOrder> ParseOrder(string json) => RequestParser.Parse(Utf8(json), RequestReaders.PlaceOrder);

    public static Parsed<PlaceOrder> ParseOrder(JsonBuilder body) => RequestParser.Parse(body.Utf8(), RequestReaders.PlaceOrder);

    public static Parsed<NewUser> ParseNewUser(JsonBuilder body) => RequestParser.Parse(body.Utf8(), RequestReaders.NewUser);

    public static Parsed<UserPatch> ParsePatch(string json) => RequestParser.Parse(Utf8(json), RequestReaders.UserPatch);

    public static Parsed<ProductUpsert> ParseProduct(JsonBuilder body) => RequestParser.Parse(body.Utf8(), RequestReaders.ProductUpsert("WIDGET-1"));

    /// <summary>The fields of the problems, in the order they were found.</summary>
    public static IReadOnlyList<string> Fields<T>(Parsed<T> parsed) where T : class => [.. parsed.Problems.Select(p => p.Field)];

    /// <summary>Asserts the body was rejected with exactly one problem, on <paramref name="field"/>, saying <paramref name="message"/>.</summary>
    public static void AssertOnlyProblem<T>(Parsed<T> parsed, string field, string message) where T : class
    {
        Assert.False(parsed.IsValid);
        Assert.Null(parsed.Value);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(new FieldProblem(field, message), problem);
    }

    /// <summary>Asserts no problem repeats the submitted value (it may be personal data or an attack string).</summary>
    public static void AssertNoEcho(IReadOnlyList<FieldProblem> problems, string submitted) =>
        Assert.All(problems, p => Assert.DoesNotContain(submitted, p.Field + " " + p.Message, StringComparison.Ordinal));

    /// <summary>The reader a consumer of the contract uses.</summary>
    public static object Read(EventContract contract, string? source, string? detailType, JsonElement detail) => contract.DetailType switch
    {
        "Order Created" => EventReaders.OrderCreated(source, detailType, detail),
        "Payment Processed" => EventReaders.PaymentProcessed(source, detailType, detail),
        "Payment Failed" => EventReaders.PaymentFailed(source, detailType, detail),
        "Inventory Updated" => EventReaders.InventoryUpdated(source, detailType, detail),
        "Catalogue Imported" => EventReaders.CatalogueImported(source, detailType, detail),
        _ => throw new ArgumentOutOfRangeException(nameof(contract), contract.DetailType, "No reader for this contract."),
    };

    public static object Read(EventContract contract, JsonElement detail) => Read(contract, contract.Source, contract.DetailType, detail);

    /// <summary>The contract with the detail-type, for theory data (records of contracts are not serializable).</summary>
    public static EventContract Contract(string detailType) => EventContracts.All.Single(c => c.DetailType == detailType);
}
