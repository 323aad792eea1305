using System.Text.Json;
using Platform.Functions.Shared.Domain.Events;

namespace Platform.Tests.Domain.Contracts;

/// <summary>The embedded schema of each contract, parsed once, and validation of details against it.</summary>
internal static class ContractSchemas
{
    private static readonly Dictionary<EventContract, JsonElement> Schemas =
        EventContracts.All.ToDictionary(c => c, c => JsonDocument.Parse(EventContracts.ReadSchema(c)).RootElement.Clone());

    public static JsonElement Of(EventContract contract) => Schemas[contract];

    public static IReadOnlyList<string> Validate(EventContract contract, string detailJson)
    {
        using var detail = JsonDocument.Parse(detailJson);
        return JsonSchemaValidator.Validate(Of(contract), detail.RootElement);
    }

    public static IReadOnlyList<string> Validate(EventContract contract, JsonElement detail) => JsonSchemaValidator.Validate(Of(contract), detail);
}
