using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Platform.Tests.Infra;

/// <summary>The GitHub workflows: a preview comment on every pull request, dev then prod on main, AWS by OIDC only.</summary>
public sealed partial class WorkflowTests
{
    [Fact]
    public void Preview_OnPullRequest_CommentsThePreviewOfEveryStack()
    {
        var workflow = Load("preview.yml");

        Assert.True(Map(workflow["on"]).ContainsKey("pull_request"), "preview.yml must run on pull_request");
        Assert.False(Map(workflow["on"]).ContainsKey("push"), "preview.yml must not run on push");
        var previews = Jobs(workflow).SelectMany(job => PulumiSteps(job.Value).Select(step => (Job: job.Value, Step: step))).ToList();
        Assert.NotEmpty(previews);
        Assert.All(previews, p =>
        {
            Assert.Equal("preview", With(p.Step)["command"]);
            Assert.Equal("true", With(p.Step)["comment-on-pr"]);
            Assert.Equal("write", Permissions(workflow, p.Job)["pull-requests"]);
        });
        Assert.Equal(Rendering.Stacks.Order(StringComparer.Ordinal), previews.SelectMany(p => StackNames(p.Job, p.Step)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deploy_OnPushToMain_UpdatesDevThenProdInTheirEnvironments()
    {
        var workflow = Load("deploy.yml");

        var on = Map(workflow["on"]);
        Assert.Equal(["push"], on.Keys.Cast<string>());
        Assert.Equal(["main"], List(Map(on["push"])["branches"]));
        var jobs = Jobs(workflow);
        Assert.Equal(["dev", "prod"], jobs.Keys);
        foreach (var (stack, job) in jobs)
        {
            Assert.Equal(stack, EnvironmentName(job));
            var step = Assert.Single(PulumiSteps(job));
            Assert.Equal("up", With(step)["command"]);
            Assert.Equal([stack], StackNames(job, step));
        }

        Assert.Equal(["dev"], Needs(jobs["prod"]));
        Assert.Empty(Needs(jobs["dev"]));
    }

    [Theory]
    [InlineData("preview.yml")]
    [InlineData("deploy.yml")]
    public void Workflow_EachPulumiJob_AssumesAnAwsRoleByOidcFirst(string file)
    {
        var workflow = Load(file);

        Assert.All(Jobs(workflow).Values.Where(j => PulumiSteps(j).Any()), job =>
        {
            Assert.Equal("write", Permissions(workflow, job)["id-token"]);
            var steps = Steps(job);
            var uses = steps.Select(s => (s.GetValueOrDefault("uses") as string)?.Split('@')[0]).ToList();
            var credentials = uses.IndexOf("aws-actions/configure-aws-credentials");
            Assert.True(credentials >= 0, "no aws-actions/configure-aws-credentials step");
            Assert.True(credentials < uses.IndexOf("pulumi/actions"), "AWS credentials must be configured before Pulumi runs");
            Assert.Matches(@"^\$\{\{.*\b(secrets|vars)\.[A-Z_]+", (string)With(steps[credentials])["role-to-assume"]!);
            Assert.InRange(uses.IndexOf("actions/checkout"), 0, credentials);
            Assert.Contains("actions/setup-dotnet", uses);
            Assert.Equal("10.0.x", With(steps[uses.IndexOf("actions/setup-dotnet")])["dotnet-version"]);
            Assert.Equal("20", With(steps[uses.IndexOf("actions/setup-node")])["node-version"]);
            Assert.Contains(steps, s => s.GetValueOrDefault("run") is string run && run.StartsWith("npm ci", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("preview.yml")]
    [InlineData("deploy.yml")]
    public void Workflow_EachPulumiJob_HasAConcurrencyGroupPerStack(string file)
    {
        var workflow = Load(file);

        Assert.All(Jobs(workflow).Values.Where(j => PulumiSteps(j).Any()), job =>
        {
            var group = (string)Map(job["concurrency"])["group"]!;
            var stacks = PulumiSteps(job).SelectMany(step => StackNames(job, step)).ToList();
            Assert.True(stacks.Count == 1 ? group.Contains(stacks[0], StringComparison.Ordinal) : group.Contains("matrix.stack", StringComparison.Ordinal), $"group '{group}' is not per stack");
        });
        if (file == "deploy.yml")
        {
            Assert.All(Jobs(workflow).Values, job => Assert.Equal("false", Map(job["concurrency"])["cancel-in-progress"]));
        }
    }

    [Theory]
    [InlineData("preview.yml")]
    [InlineData("deploy.yml")]
    public void Workflow_ReferencesNoLongLivedAwsKeys(string file)
    {
        var text = File.ReadAllText(WorkflowPath(file));

        Assert.DoesNotMatch(LongLivedAwsKey(), text);
    }

    [Theory]
    [InlineData("preview.yml")]
    [InlineData("deploy.yml")]
    public void Workflow_PinsEveryActionVersion(string file)
    {
        var workflow = Load(file);

        var uses = Jobs(workflow).Values.SelectMany(Steps).Select(s => s.GetValueOrDefault("uses")).OfType<string>().ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, action => Assert.Matches(PinnedAction(), action));
    }

    private static string WorkflowPath(string file) => Path.Combine(Rendering.RepositoryRoot, ".github", "workflows", file);

    private static Dictionary<object, object?> Load(string file) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(File.ReadAllText(WorkflowPath(file)));

    private static Dictionary<string, Dictionary<object, object?>> Jobs(Dictionary<object, object?> workflow) =>
        Map(workflow["jobs"]).ToDictionary(j => (string)j.Key, j => Map(j.Value));

    private static List<Dictionary<object, object?>> Steps(Dictionary<object, object?> job) => [.. List(job["steps"]).Select(Map)];

    private static IEnumerable<Dictionary<object, object?>> PulumiSteps(Dictionary<object, object?> job) =>
        Steps(job).Where(s => s.GetValueOrDefault("uses") is string uses && uses.StartsWith("pulumi/actions@", StringComparison.Ordinal));

    private static Dictionary<object, object?> With(Dictionary<object, object?> step) => Map(step["with"]);

    /// <summary>The job's permissions, else the workflow's.</summary>
    private static Dictionary<object, object?> Permissions(Dictionary<object, object?> workflow, Dictionary<object, object?> job) =>
        Map(job.GetValueOrDefault("permissions") ?? workflow["permissions"]);

    private static string? EnvironmentName(Dictionary<object, object?> job) => job.GetValueOrDefault("environment") switch
    {
        string name => name,
        Dictionary<object, object?> environment => environment["name"] as string,
        _ => null,
    };

    private static List<object?> Needs(Dictionary<object, object?> job) => job.GetValueOrDefault("needs") switch
    {
        null => [],
        string one => [one],
        var many => List(many),
    };

    /// <summary>The stacks a Pulumi step runs on: its literal stack-name, or each value of the matrix it names.</summary>
    private static List<string> StackNames(Dictionary<object, object?> job, Dictionary<object, object?> step)
    {
        var name = (string)With(step)["stack-name"]!;
        var matrixKey = MatrixReference().Match(name);
        if (!matrixKey.Success)
        {
            return [name];
        }

        var matrix = Map(Map(job["strategy"])["matrix"]);
        var key = matrixKey.Groups["key"].Value;
        return matrix.TryGetValue(key, out var values)
            ? [.. List(values).Cast<string>()]
            : [.. List(matrix["include"]).Select(i => (string)Map(i)[key]!)];
    }

    private static Dictionary<object, object?> Map(object? value) => RenderedProgram.Map(value);

    private static List<object?> List(object? value) => RenderedProgram.List(value);

    [GeneratedRegex(@"^\$\{\{\s*matrix\.(?<key>[A-Za-z_-]+)\s*\}\}$")]
    private static partial Regex MatrixReference();

    [GeneratedRegex(@"aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN", RegexOptions.IgnoreCase)]
    private static partial Regex LongLivedAwsKey();

    // A full release version (v4.2.2) or a commit SHA: never a moving major tag or a branch.
    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();
}
