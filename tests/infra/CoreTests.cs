using Platform.Infra.Core;
using YamlDotNet.Serialization;

namespace Platform.Tests.Infra;

/// <summary>The YAML writer and interpolation: what is written is read back as the same values.</summary>
public sealed class CoreTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("No")]
    [InlineData("null")]
    [InlineData("123")]
    [InlineData("2.0")]
    [InlineData("*")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("#comment")]
    [InlineData("line one\nline two")]
    [InlineData("quote \" and backslash \\")]
    [InlineData("Order Created → payments")]
    [InlineData("")]
    public void YamlWriter_TrickyString_ReadsBackUnchanged(string value)
    {
        var yaml = YamlWriter.Write([new("key", value), new("list", new List<object?> { value })]);

        var parsed = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);
        Assert.Equal(value, parsed["key"]);
        Assert.Equal(value, Assert.Single((List<object>)parsed["list"]));
    }

    [Fact]
    public void Render_LiteralDollarBrace_IsEscapedSoPulumiDoesNotInterpolateIt()
    {
        Assert.Equal("$${not-a-reference}", PropertyRenderer.Render("${not-a-reference}"));
    }

    [Fact]
    public void Format_OutputsBecomeReferences_LiteralTextIsEscaped()
    {
        var arn = Output.Reference<string>("api", "executionArn");

        var formatted = Output.Format($"{arn}/*/GET/users/{"${x}"}/${{y}}");

        Assert.Equal("${api.executionArn}/*/GET/users/$${x}/$${y}", formatted.Template);
    }
}
