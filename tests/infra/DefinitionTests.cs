using System.Text.RegularExpressions;
using Platform.Infra.Definition;

namespace Platform.Tests.Infra;

/// <summary>The platform definition agrees with the function projects it describes.</summary>
public sealed partial class DefinitionTests
{
    [Fact]
    public void Functions_EachNamesAnExistingProject()
    {
        var model = PlatformDefinition.Build(StackSettings.Defaults);

        Assert.All(model.Functions, f => Assert.True(
            Directory.EnumerateFiles(Path.Combine(Rendering.RepositoryRoot, f.ProjectPath), "*.csproj").Any(),
            $"{f.Name}: no project in {f.ProjectPath}"));
        var projects = Directory.EnumerateFiles(Path.Combine(Rendering.RepositoryRoot, "functions"), "Program.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Rendering.RepositoryRoot, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(projects, model.Functions.Select(f => f.ProjectPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Functions_ProvideEveryEnvironmentVariableTheirProgramRequires()
    {
        var model = PlatformDefinition.Build(StackSettings.Defaults);

        Assert.All(model.Functions, function =>
        {
            var program = File.ReadAllText(Path.Combine(Rendering.RepositoryRoot, function.ProjectPath, "Program.cs"));
            var required = RequiredVariable().Matches(program).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
            var provided = function.Environment.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            Assert.Subset(provided, required);
        });
    }

    [Fact]
    public void Subscriptions_UseTheEventContracts()
    {
        var model = PlatformDefinition.Build(StackSettings.Defaults);
        var contracts = Platform.Functions.Shared.Domain.Events.EventContracts.All;

        var patterns = model.Functions.SelectMany(f => f.Triggers.OfType<EventSubscription>()).Select(s => s.Pattern)
            .Concat(model.Queues.Select(q => q.FedBy.Pattern));

        Assert.All(patterns, pattern => Assert.All(pattern.DetailType, detailType =>
        {
            var contract = Assert.Single(contracts, c => c.DetailType == detailType);
            Assert.Contains(contract.Source, pattern.Source);
        }));
    }

    [GeneratedRegex("""EnvironmentSettings\.Required(Int)?\("(?<name>[A-Z_]+)"\)""")]
    private static partial Regex RequiredVariable();
}
