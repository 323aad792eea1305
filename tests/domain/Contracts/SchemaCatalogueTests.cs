using System.Globalization;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Events;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Contracts;

/// <summary>Every contract has one embedded, versioned schema that names it, and every embedded schema belongs to a contract.</summary>
public sealed class SchemaCatalogueTests
{
    private static readonly HashSet<string> SupportedKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "enum", "const",
        "minimum", "maximum", "pattern", "minLength", "maxLength", "items", "minItems", "maxItems", "format",
    };

    public static TheoryData<string> DetailTypes => [.. EventContracts.All.Select(c => c.DetailType)];

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void ReadSchema_EveryContract_IsEmbeddedDraft202012(string detailType)
    {
        var contract = Contract(detailType);

        using var schema = JsonDocument.Parse(EventContracts.ReadSchema(contract));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Schema_Id_NamesSourceDetailTypeAndVersion(string detailType)
    {
        var contract = Contract(detailType);

        var id = ContractSchemas.Of(contract).GetProperty("$id").GetString();

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{contract.Source}/{contract.DetailType}/v{contract.SchemaVersion}"), id);
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Schema_FileAndTitle_CarryDetailTypeAndVersion(string detailType)
    {
        var contract = Contract(detailType);
        var schema = ContractSchemas.Of(contract);

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{detailType.ToLowerInvariant().Replace(' ', '-')}.v{contract.SchemaVersion}.schema.json"), contract.SchemaFile);
        Assert.StartsWith($"{detailType} (detail), version {contract.SchemaVersion}", schema.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains($"Source {contract.Source}, detail-type \"{detailType}\"", schema.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Schema_SchemaVersion_IsConstantOfTheContractsVersion(string detailType)
    {
        var contract = Contract(detailType);

        var version = ContractSchemas.Of(contract).GetProperty("properties").GetProperty("schemaVersion");

        Assert.Equal(contract.SchemaVersion, version.GetProperty("const").GetInt32());
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Schema_EveryObject_IsClosedAndRequiresAllItsFields(string detailType)
    {
        var schema = ContractSchemas.Of(Contract(detailType));

        foreach (var objectSchema in Objects(schema))
        {
            Assert.False(objectSchema.GetProperty("additionalProperties").GetBoolean());
            Assert.Equal(
                objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
                objectSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(DetailTypes))]
    public void Schema_Keywords_AreAllCheckedByTheTestValidator(string detailType)
    {
        var schema = ContractSchemas.Of(Contract(detailType));

        Assert.All(Keywords(schema), k => Assert.Contains(k, SupportedKeywords));
    }

    [Fact]
    public void Contracts_SourceAndDetailType_AreUnique()
    {
        Assert.Equal(EventContracts.All.Count, EventContracts.All.Select(c => (c.Source, c.DetailType)).Distinct().Count());
        Assert.Equal(EventContracts.All.Count, EventContracts.All.Select(c => c.SchemaFile).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EmbeddedSchemas_EachBelongsToAContract()
    {
        var embedded = typeof(EventContracts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Schemas.", StringComparison.Ordinal))
            .Select(n => n["Schemas.".Length..])
            .Order(StringComparer.Ordinal);

        Assert.Equal(EventContracts.All.Select(c => c.SchemaFile).Order(StringComparer.Ordinal), embedded);
    }

    [Fact]
    public void ReadSchema_UnknownFile_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => EventContracts.ReadSchema(new EventContract("platform.x", "X", 1, "x.v1.schema.json")));
    }

    private static IEnumerable<JsonElement> Objects(JsonElement schema)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            yield return schema;
            foreach (var property in properties.EnumerateObject())
            {
                foreach (var nested in Objects(property.Value))
                {
                    yield return nested;
                }
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            foreach (var nested in Objects(items))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<string> Keywords(JsonElement schema)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            yield return keyword.Name;
            var nested = keyword.Name switch
            {
                "properties" => keyword.Value.EnumerateObject().Select(p => p.Value),
                "items" => [keyword.Value],
                _ => [],
            };
            foreach (var sub in nested.SelectMany(Keywords))
            {
                yield return sub;
            }
        }
    }
}
