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

    [Fact]
    public void StorageTriggersAndObjectAccess_NameDefinedBuckets_AndPrefixesThatEndInASlash()
    {
        var model = PlatformDefinition.Build(StackSettings.Defaults);
        var buckets = model.Buckets.Select(b => b.Name).ToList();

        var triggers = model.Functions.SelectMany(f => f.Triggers.OfType<StorageTrigger>()).ToList();
        var access = model.Functions.SelectMany(f => f.Access.Objects).ToList();

        Assert.NotEmpty(triggers);
        Assert.Equal(buckets.Count, buckets.Distinct(StringComparer.Ordinal).Count());
        Assert.All(triggers, t => Assert.Contains(t.Bucket, buckets));
        Assert.All(access, a => Assert.Contains(a.Bucket, buckets));
        Assert.All(triggers.Select(t => t.Prefix).Concat(access.Select(a => a.Prefix)).Concat(model.Buckets.SelectMany(b => b.Expirations).Select(e => e.Prefix)),
            prefix => Assert.Matches("^[a-z0-9-]+/$", prefix));
    }

    [Fact]
    public void StorageTriggeredFunctions_ReadWhatTriggersThem_AndWriteNothingThatWouldTriggerAnImport()
    {
        var model = PlatformDefinition.Build(StackSettings.Defaults);
        var triggers = model.Functions.SelectMany(f => f.Triggers.OfType<StorageTrigger>()).ToList();

        Assert.All(model.Functions.Where(f => f.Triggers.OfType<StorageTrigger>().Any()), function =>
        {
            Assert.True(function.IsInvokedAsynchronously, $"{function.Name}: S3 invokes asynchronously, so it needs an on-failure destination");
            Assert.All(function.Triggers.OfType<StorageTrigger>(), trigger =>
                Assert.Contains(new ObjectAccess(trigger.Bucket, ObjectAction.GetObject, trigger.Prefix), function.Access.Objects));
        });
        // A function writing where a notification listens would invoke itself (or another import) for ever.
        var writes = model.Functions.SelectMany(f => f.Access.Objects.Where(a => a.Action == ObjectAction.PutObject).Select(a => (f.Name, Write: a)));
        Assert.All(writes, w => Assert.DoesNotContain(triggers, t => t.Bucket == w.Write.Bucket
            && (w.Write.Prefix.StartsWith(t.Prefix, StringComparison.Ordinal) || t.Prefix.StartsWith(w.Write.Prefix, StringComparison.Ordinal))));
    }

    [Fact]
    public void CatalogueBucket_IsVersioned_AndExpiresReportsButNotImports()
    {
        var bucket = PlatformDefinition.Build(StackSettings.Defaults).Bucket(PlatformDefinition.CatalogueBucket);

        Assert.True(bucket.Versioned);
        Assert.Equal([new ObjectExpiry("reports/", 30)], bucket.Expirations);
        Assert.True(bucket.NoncurrentVersionExpiryDays > 0);
        Assert.True(bucket.IncompleteUploadExpiryDays > 0);
    }

    [GeneratedRegex("""EnvironmentSettings\.Required(Int)?\("(?<name>[A-Z_]+)"\)""")]
    private static partial Regex RequiredVariable();
}
