namespace Platform.Tests.Infra;

/// <summary>A no-op change previews as no change: the same input renders the same bytes, whichever way the compiler is run.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Stacks => [.. Rendering.Stacks];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Render_Twice_IsByteIdentical(string stack)
    {
        Assert.Equal(Rendering.RenderStack(stack), Rendering.RenderStack(stack));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Render_AsPulumiCompiler_EqualsRenderFromStackFile(string stack)
    {
        var compiled = Rendering.RenderAsPulumi(stack, Rendering.StackConfigAsPulumiConfig(stack));

        Assert.Equal(Rendering.RenderStack(stack), compiled);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Render_WithoutPulumiVariables_HasSameResourceTypesAndProviderVersion(string stack)
    {
        var discovery = RenderedProgram.Parse(Rendering.RenderWithoutPulumi());
        var deployed = RenderedProgram.Stack(stack);

        Assert.Equal(TypesAndVersions(deployed), TypesAndVersions(discovery));
    }

    [Fact]
    public void Render_WithoutPulumiVariablesOrArguments_RendersTheDevDefaults()
    {
        var (exitCode, stdout, stderr) = Rendering.Run([], new Dictionary<string, string>());

        Assert.Equal(0, exitCode);
        Assert.StartsWith("name: platform\n", stdout, StringComparison.Ordinal);
        Assert.Contains("defaults", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Output_HasNoTimestamps()
    {
        var text = Rendering.RenderStack("prod");

        Assert.DoesNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    private static List<string> TypesAndVersions(RenderedProgram program) =>
        [.. program.Resources.Values.Select(RenderedProgram.Map)
            .Select(r => $"{r["type"]}@{RenderedProgram.Map(r["options"])["version"]}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
