using System.Text.Json;

namespace Platform.Tests.Domain.Contracts;

/// <summary>The test validator itself, so contract tests fail for the right reason.</summary>
public sealed class JsonSchemaValidatorTests
{
    private static IReadOnlyList<string> Validate(string schema, string instance)
    {
        using var s = JsonDocument.Parse(schema);
        using var i = JsonDocument.Parse(instance);
        return JsonSchemaValidator.Validate(s.RootElement, i.RootElement);
    }

    [Theory]
    [InlineData("\"ord_1\"", true)]
    [InlineData("null", true)]
    [InlineData("1", false)]
    [InlineData("{}", false)]
    public void Validate_TypeUnionWithNull_AcceptsEitherType(string instance, bool valid)
    {
        Assert.Equal(valid, Validate("""{"type":["string","null"]}""", instance).Count == 0);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("1.0", true)]
    [InlineData("1.5", false)]
    [InlineData("\"1\"", false)]
    public void Validate_Integer_FollowsJsonSchemaNumbers(string instance, bool valid)
    {
        Assert.Equal(valid, Validate("""{"type":"integer"}""", instance).Count == 0);
    }

    [Theory]
    [InlineData("\"AB\"", true)]
    [InlineData("\"AB\\n\"", false)]
    [InlineData("\"ab\"", false)]
    public void Validate_Pattern_AnchorsLikeEcmaScript(string instance, bool valid)
    {
        Assert.Equal(valid, Validate("""{"type":"string","pattern":"^[A-Z]+$"}""", instance).Count == 0);
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z", true)]
    [InlineData("2026-11-25t10:00:00.123+05:30", true)]
    [InlineData("2026-11-25", false)]
    [InlineData("2026-11-25T10:00:00", false)]
    [InlineData("2026-11-25 10:00:00Z", false)]
    [InlineData("2026-02-30T10:00:00Z", false)]
    public void Validate_DateTimeFormat_IsRfc3339(string instance, bool valid)
    {
        Assert.Equal(valid, Validate("""{"type":"string","format":"date-time"}""", $"\"{instance}\"").Count == 0);
    }

    [Fact]
    public void Validate_ClosedObject_ReportsEachProblemByPath()
    {
        var errors = Validate(
            """{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"array","maxItems":1,"items":{"type":"integer","minimum":0}}}}""",
            """{"b":1,"a":[-1,2]}""");

        Assert.Equal(["a: maxItems", "a[0]: minimum", "b: additionalProperties"], errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_LengthOfSupplementaryCharacters_CountsCodePoints()
    {
        Assert.Empty(Validate("""{"type":"string","maxLength":2}""", "\"🦊🦊\""));
    }

    [Fact]
    public void Validate_KeywordOutsideSubset_Throws()
    {
        Assert.Throws<NotSupportedException>(() => Validate("""{"oneOf":[{"type":"string"}]}""", "\"x\""));
    }
}
