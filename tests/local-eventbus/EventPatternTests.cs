using System.Text.Json;
using Platform.Local.EventBus;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

public sealed class EventPatternTests
{
    [Theory]
    [MemberData(nameof(PatternCases.Matching), MemberType = typeof(PatternCases))]
    public void Matches_DocumentedCase_ReturnsDocumentedResult(string name)
    {
        var row = PatternCases.Get(name);
        var pattern = EventPattern.Parse(row.PatternJson);

        var matches = pattern.Matches(row.EventJson!);

        Assert.True(row.Matches == matches, $"{name} ({row.Doc}): expected {row.Matches}, got {matches}");
    }

    [Theory]
    [MemberData(nameof(PatternCases.Invalid), MemberType = typeof(PatternCases))]
    public void Parse_InvalidDocumentedPattern_ThrowsWithAwsReason(string name)
    {
        var row = PatternCases.Get(name);

        var error = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(row.PatternJson));

        Assert.Equal(row.Error, error.Reason);
        Assert.Equal("Event pattern is not valid. Reason: " + row.Error, error.Message);
    }

    [Fact]
    public void Parse_NotJson_ThrowsInvalidEventPattern()
    {
        Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse("{\"source\": [\"a\""));
    }

    [Fact]
    public void TryParse_InvalidPattern_ReturnsFalseWithReason()
    {
        var parsed = EventPattern.TryParse("{\"source\": \"aws.ec2\"}", out var pattern, out var reason);

        Assert.False(parsed);
        Assert.Null(pattern);
        Assert.Equal("\"source\" must be an object or an array", reason);
    }

    [Fact]
    public void Matches_CompiledOnce_MatchesManyEvents()
    {
        var pattern = EventPattern.Parse("""{"source":["orders"],"detail":{"total":[{"numeric":[">=",100]}]}}""");
        using var big = JsonDocument.Parse("""{"source":"orders","detail":{"total":150}}""");
        using var small = JsonDocument.Parse("""{"source":"orders","detail":{"total":99.5}}""");

        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(pattern.Matches(big.RootElement));
            Assert.False(pattern.Matches(small.RootElement));
        }
    }

    [Theory]
    [InlineData("""{"source":["orders"]}""", true)]
    [InlineData("""{"source":["orders","payments"]}""", true)]
    [InlineData("""{"source":[{"prefix":"ord"}]}""", false)]
    [InlineData("""{"$or":[{"source":["orders"]},{"detail-type":["x"]}]}""", false)]
    [InlineData("""{"source":["10.0.0.1"]}""", false)]
    public void Parse_SourceConstraint_IndexableOnlyWhenExact(string json, bool indexable)
    {
        var pattern = EventPattern.Parse(json);

        Assert.Equal(indexable, pattern.ExactSources is not null);
    }
}
