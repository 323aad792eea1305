using System.Text.Json;
using Platform.Infra;
using YamlDotNet.RepresentationModel;

namespace Platform.Tests.Infra;

/// <summary>Renders stacks through the same entry point Pulumi's YAML host runs, from the repository's own config files.</summary>
internal static class Rendering
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string[] Stacks { get; } = ["dev", "prod"];

    /// <summary><c>render --stack &lt;stack&gt;</c>: reads Pulumi.&lt;stack&gt;.yaml.</summary>
    public static string RenderStack(string stack) => Succeed(["render", "--stack", stack, "--config-dir", RepositoryRoot], Empty);

    /// <summary>The compiler run for plugin discovery: no PULUMI_* variables, no arguments.</summary>
    public static string RenderWithoutPulumi() => Succeed(["--config-dir", RepositoryRoot], Empty);

    /// <summary>Compiler mode, as the YAML host runs it: PULUMI_STACK, PULUMI_CONFIG (all values strings) and the secret keys.</summary>
    public static string RenderAsPulumi(string stack, IReadOnlyDictionary<string, string> config, IReadOnlyList<string>? secretKeys = null) =>
        Succeed(["--config-dir", RepositoryRoot], PulumiEnvironment(stack, config, secretKeys));

    public static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Cli.Run(args, environment, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Dictionary<string, string> PulumiEnvironment(string stack, IReadOnlyDictionary<string, string> config, IReadOnlyList<string>? secretKeys = null) => new()
    {
        ["PULUMI_STACK"] = stack,
        ["PULUMI_PROJECT"] = "platform",
        ["PULUMI_CONFIG"] = JsonSerializer.Serialize(config),
        ["PULUMI_CONFIG_SECRET_KEYS"] = JsonSerializer.Serialize(secretKeys ?? []),
    };

    /// <summary>Pulumi.&lt;stack&gt;.yaml as the language host passes it in PULUMI_CONFIG: every value a string, lists as JSON.</summary>
    public static Dictionary<string, string> StackConfigAsPulumiConfig(string stack)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot, $"Pulumi.{stack}.yaml")))
        {
            stream.Load(reader);
        }

        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        return config.Children.ToDictionary(
            c => ((YamlScalarNode)c.Key).Value!,
            c => c.Value is YamlSequenceNode list
                ? JsonSerializer.Serialize(list.Children.Select(i => ((YamlScalarNode)i).Value).ToArray())
                : ((YamlScalarNode)c.Value).Value!);
    }

    private static string Succeed(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var (exitCode, stdout, stderr) = Run(args, environment);
        Assert.True(exitCode == 0, $"render failed ({exitCode}): {stderr}");
        return stdout;
    }

    private static readonly Dictionary<string, string> Empty = [];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")) && File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (Pulumi.yaml) not found.");
    }
}
