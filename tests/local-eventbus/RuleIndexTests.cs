using System.Globalization;
using System.Text.Json;
using Platform.Local.EventBus;
using Platform.Local.EventBus.Internal;
using Platform.Tests.Local.EventBus.Support;

namespace Platform.Tests.Local.EventBus;

public sealed class RuleIndexTests
{
    private static RuleIndex CreateSut(params string[] patterns)
    {
        var index = new RuleIndex();
        for (var i = 0; i < patterns.Length; i++)
        {
            var name = "rule-" + i.ToString(CultureInfo.InvariantCulture);
            index.Add(new Rule("default", name, "arn:aws:events:us-east-1:000000000000:rule/" + name, EventPattern.Parse(patterns[i]), i));
        }

        return index;
    }

    private static List<string> MatchNames(RuleIndex index, string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return [.. index.Match(document.RootElement).Select(r => r.Name)];
    }

    private static string Event(string detail, string source = "shop", string detailType = "Thing Happened") =>
        $$"""{"source":"{{source}}","detail-type":"{{detailType}}","detail":{{detail}}}""";

    [Theory]
    [MemberData(nameof(PatternCases.Matching), MemberType = typeof(PatternCases))]
    public void Match_DocumentedCase_IndexAgreesWithDocumentedResult(string name)
    {
        var row = PatternCases.Get(name);
        var index = CreateSut(row.PatternJson);

        var matched = MatchNames(index, row.EventJson!);

        Assert.True(row.Matches == (matched.Count == 1), $"{name} ({row.Doc}): expected {row.Matches}, got {matched.Count} match(es)");
    }

    [Fact]
    public void Match_RuleAnchoredOnPrefix_MatchesOnlyValuesWithThatPrefix()
    {
        var index = CreateSut("""{"detail":{"customerId":[{"prefix":"usr_12"}]}}""", """{"detail":{"customerId":[{"prefix":"usr_1"}]}}""");

        Assert.Equal(["rule-0", "rule-1"], MatchNames(index, Event("""{"customerId":"usr_123"}""")));
        Assert.Equal(["rule-1"], MatchNames(index, Event("""{"customerId":"usr_19"}""")));
        Assert.Empty(MatchNames(index, Event("""{"customerId":"usr_"}""")));
        Assert.Empty(MatchNames(index, Event("""{"customerId":"USR_123"}""")));
        Assert.Empty(MatchNames(index, Event("""{"customerId":123}""")));
    }

    [Fact]
    public void Match_RuleAnchoredOnExactValue_MatchesOnlyThatValueAndStillChecksTheRest()
    {
        var index = CreateSut("""{"detail":{"status":["paid","refunded"],"amount":[{"numeric":[">",100]}]}}""");

        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"status":"refunded","amount":250}""")));
        Assert.Empty(MatchNames(index, Event("""{"status":"refunded","amount":50}""")));
        Assert.Empty(MatchNames(index, Event("""{"status":"paid-later","amount":250}""")));
        Assert.Empty(MatchNames(index, Event("""{"amount":250}""")));
    }

    [Fact]
    public void Match_LeafOnlyInsideOr_RuleStaysResidualAndMatchesEitherBranch()
    {
        var pattern = EventPattern.Parse("""{"$or":[{"detail":{"status":["paid"]}},{"detail":{"kind":[{"prefix":"gift"}]}}]}""");
        var index = CreateSut(pattern.Json);

        Assert.Null(pattern.Anchor);
        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"status":"paid"}""")));
        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"kind":"gift-card"}""")));
        Assert.Empty(MatchNames(index, Event("""{"status":"open","kind":"card"}""")));
    }

    [Theory]
    [InlineData("""{"detail":{"name":[{"suffix":".png"}]}}""")]
    [InlineData("""{"detail":{"name":[{"prefix":{"equals-ignore-case":"img"}}]}}""")]
    [InlineData("""{"detail":{"name":["a.png",{"wildcard":"*.jpg"}]}}""")]
    [InlineData("""{"detail":{"name":[{"exists":true}]}}""")]
    [InlineData("""{"detail":{"name":[{"anything-but":"a"}]}}""")]
    public void FindAnchor_NoLeafOfExactStringsOrPrefixes_ReturnsNull(string patternJson)
    {
        Assert.Null(EventPattern.Parse(patternJson).Anchor);
    }

    [Fact]
    public void FindAnchor_ExactAndPrefixLeaves_PrefersTheExactLeafAndGivesItsPath()
    {
        var anchor = EventPattern.Parse("""{"detail":{"id":[{"prefix":"o-"}],"state":{"code":["A","B"]}}}""").Anchor;

        Assert.NotNull(anchor);
        Assert.Equal(["detail", "state", "code"], anchor.Path);
        Assert.Equal(["A", "B"], anchor.Exact);
        Assert.Empty(anchor.Prefixes);
    }

    [Fact]
    public void Match_ResidualRules_AreTestedAgainstEveryEvent()
    {
        var index = CreateSut("""{"detail":{"name":[{"suffix":".png"}]}}""", """{"detail":{"size":[{"numeric":[">=",10]}]}}""", """{"detail":{"name":["x.png"]}}""");

        Assert.Equal(["rule-0", "rule-1", "rule-2"], MatchNames(index, Event("""{"name":"x.png","size":12}""")));
        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"name":"y.png","size":1}""")));
        Assert.Equal(["rule-1"], MatchNames(index, Event("""{"name":"y.gif","size":10}""")));
    }

    [Fact]
    public void Match_AnchoredFieldHoldsArray_MatchesWhenAnyElementDoes()
    {
        var index = CreateSut("""{"detail":{"tags":["red"]}}""", """{"detail":{"tags":[{"prefix":"size-"}]}}""");

        Assert.Equal(["rule-0", "rule-1"], MatchNames(index, Event("""{"tags":["blue","size-xl","red"]}""")));
        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"tags":[["green"],["red"]]}""")));
        Assert.Empty(MatchNames(index, Event("""{"tags":[{"tags":"red"},"blue"]}""")));
    }

    [Fact]
    public void Match_ArrayOnTheAnchorsPath_MatchesWhenAnElementHoldsTheValue()
    {
        var index = CreateSut("""{"detail":{"lines":{"sku":[{"prefix":"BK-"}],"qty":[2]}}}""");

        Assert.Equal(["rule-0"], MatchNames(index, Event("""{"lines":[{"sku":"TS-1","qty":1},{"sku":"BK-9","qty":2}]}""")));
        Assert.Empty(MatchNames(index, Event("""{"lines":[{"sku":"TS-1","qty":2},{"sku":"BK-9","qty":1}]}""")));
    }

    [Fact]
    public void Match_RuleReachedThroughSeveralValues_IsReportedOnceInRegistrationOrder()
    {
        var index = CreateSut(
            """{"detail":{"tags":[{"prefix":"a"},{"prefix":"ab"},"abc"]}}""",
            """{"source":["shop"]}""",
            """{"detail":{"tags":["abc"]}}""");

        Assert.Equal(["rule-0", "rule-1", "rule-2"], MatchNames(index, Event("""{"tags":["abc","abd","abc"]}""")));
    }

    [Fact]
    public void Match_ManyRulesOfEveryShape_AgreesWithEachPatternAlone()
    {
        string[] values = ["usr_1", "usr_12", "usr_123", "ord_9", "", "USR_1"];
        var patterns = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var value = values[(i / 6) % values.Length];
            patterns.Add((i % 6) switch
            {
                0 => $$$"""{"detail":{"customerId":["{{{value}}}"]}}""",
                1 => $$$"""{"detail":{"customerId":[{"prefix":"{{{value}}}"}]}}""",
                2 => $$$"""{"detail":{"customerId":[{"prefix":"{{{value}}}"}, "ord_9"],"amount":[{"numeric":[">",{{{i}}}]}]}}""",
                3 => $$$"""{"source":["shop"],"detail":{"customerId":[{"prefix":"{{{value}}}"}]}}""",
                4 => $$$"""{"detail":{"customerId":[{"suffix":"{{{value}}}"}]}}""",
                _ => $$$"""{"$or":[{"detail":{"customerId":["{{{value}}}"]}},{"detail-type":["Other"]}]}""",
            });
        }

        var index = CreateSut([.. patterns]);
        var parsed = patterns.Select(EventPattern.Parse).ToList();
        string[] events =
        [
            Event("""{"customerId":"usr_123","amount":30}"""),
            Event("""{"customerId":["ord_9","usr_1"],"amount":5}"""),
            Event("""{"customerId":"USR_1"}""", detailType: "Other"),
            Event("""{"customerId":""}"""),
            Event("""{"customerId":{"id":"usr_1"}}"""),
            Event("""[{"customerId":"usr_12"}]"""),
        ];

        foreach (var evt in events)
        {
            var expected = parsed.Select((p, i) => (p, i)).Where(x => x.p.Matches(evt)).Select(x => "rule-" + x.i.ToString(CultureInfo.InvariantCulture));

            Assert.Equal(expected, MatchNames(index, evt));
        }
    }
}
