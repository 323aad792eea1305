using System.Text;
using Platform.Functions.Shared.Validators;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

public sealed class RequestParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"customerId\":")]
    [InlineData("{\"customerId\":\"usr_1\",}")]
    [InlineData("/* comment */ {}")]
    [InlineData("{'customerId':'x'}")]
    [InlineData("{\"quantity\":NaN}")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":\"unterminated}")]
    [InlineData("\uFEFF{}")]
    public void Parse_MalformedJson_ReportsBodyOnly(string body)
    {
        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, "body", "is not valid JSON");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"usr_00000000000000000000000000000001\"")]
    [InlineData("42")]
    [InlineData("true")]
    public void Parse_RootNotAnObject_ReportsBody(string body)
    {
        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, "body", "must be a JSON object");
    }

    [Fact]
    public void Parse_NestingBeyondMaximumDepth_ReportsBodyWithoutRecursing()
    {
        var body = A.OrderBody().SetJson("extra", new string('[', 20) + new string(']', 20)).ToString();

        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, "body", "is not valid JSON");
    }

    [Fact]
    public void Parse_NestingWithinMaximumDepth_ReportsUnknownField()
    {
        var body = A.OrderBody().SetJson("extra", new string('[', 10) + new string(']', 10)).ToString();

        var parsed = ParseOrder(body);

        AssertOnlyProblem(parsed, "extra", "is not a known field");
    }

    [Fact]
    public void Parse_ValidBody_ReturnsValueWithoutProblems()
    {
        var parsed = ParseOrder(A.OrderBody());

        Assert.True(parsed.IsValid);
        Assert.Empty(parsed.Problems);
        Assert.NotNull(parsed.Value);
    }

    [Fact]
    public void Parse_ReaderReturnsNull_IsInvalid()
    {
        var parsed = RequestParser.Parse<string>(Utf8("{}"), (_, _) => null);

        Assert.False(parsed.IsValid);
    }

    [Theory]
    [InlineData("""{"name":"Zo\ud800"}""")]
    [InlineData("""{"name":"\udc00Zo"}""")]
    [InlineData("""{"\ud800":"x","name":"Zoë"}""")]
    public void Parse_LoneSurrogateEscape_ReportsProblemInsteadOfThrowing(string body)
    {
        var parsed = RequestParser.Parse(Utf8(body), RequestReaders.UserPatch);

        Assert.False(parsed.IsValid);
        Assert.NotEmpty(parsed.Problems);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_ReportsProblemInsteadOfThrowing()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"name":"Zo?"}""");
        bytes[^3] = 0xFF;

        var parsed = RequestParser.Parse(bytes, RequestReaders.UserPatch);

        Assert.False(parsed.IsValid);
        Assert.NotEmpty(parsed.Problems);
    }
}
