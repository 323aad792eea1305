using Platform.Infra.Configuration;
using Platform.Infra.Definition;
using Platform.Infra.Packaging;

namespace Platform.Infra;

/// <summary>
/// The command line. Pulumi's YAML language host runs it as the <c>compiler</c> with PULUMI_STACK and PULUMI_CONFIG set;
/// people run <c>render --stack dev|prod</c> to read a stack's program without Pulumi.
/// </summary>
public static class Cli
{
    private const string Usage = """
        usage: dotnet run --project infra -- [render] [--stack <name>] [--config-dir <dir>] [--package]

          (no PULUMI_* variables, no --stack)  render the built-in defaults (the dev stack's values)
          PULUMI_STACK + PULUMI_CONFIG set       render as Pulumi's YAML language host asks (compiler mode)
          --stack <name>                         read Pulumi.<name>.yaml from the repository root (or --config-dir)
          --package                              publish each function (dotnet publish -r linux-x64|linux-arm64 -c Release)
                                                 into artifacts/functions/ before rendering; skipped when no stack is known
        The program goes to stdout; everything else to stderr.
        """;

    /// <summary>Renders the program to <paramref name="stdout"/>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        string? stack = null;
        string? configDirectory = null;
        var package = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "render" when i == 0:
                    break;
                case "--stack" when i + 1 < args.Count:
                    stack = args[++i];
                    break;
                case "--config-dir" when i + 1 < args.Count:
                    configDirectory = args[++i];
                    break;
                case "--package":
                    package = true;
                    break;
                case "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return 0;
                default:
                    stderr.WriteLine($"unknown argument '{args[i]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }

        try
        {
            var root = configDirectory ?? RepositoryRoot.Find();
            var configuration = Load(environment, stack, root, stderr, out var stackKnown);
            var publisher = new FunctionPublisher(root, configuration.Settings.Architecture, stderr);
            if (package && stackKnown)
            {
                publisher.PublishAll(PlatformDefinition.Build(configuration.Settings).Functions);
            }
            else if (package)
            {
                stderr.WriteLine("--package: no stack given (plugin discovery), so nothing is published.");
            }

            var program = PlatformStack.Build(configuration, publisher.ArchivePath);
            stdout.Write(program.ToYaml());
            return 0;
        }
        catch (Exception exception) when (exception is ConfigurationException or InvalidOperationException or IOException)
        {
            stderr.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }

    private static StackConfiguration Load(IReadOnlyDictionary<string, string> environment, string? stack, string root, TextWriter stderr, out bool stackKnown)
    {
        if (environment.TryGetValue("PULUMI_STACK", out var pulumiStack) && !string.IsNullOrEmpty(pulumiStack))
        {
            stackKnown = true;
            stderr.WriteLine($"rendering stack '{pulumiStack}' from PULUMI_CONFIG");
            return StackConfiguration.FromPulumiEnvironment(
                pulumiStack,
                environment.GetValueOrDefault("PULUMI_CONFIG"),
                environment.GetValueOrDefault("PULUMI_CONFIG_SECRET_KEYS"));
        }

        if (stack is not null)
        {
            stackKnown = true;
            var path = Path.Combine(root, $"Pulumi.{stack}.yaml");
            if (!File.Exists(path))
            {
                throw new ConfigurationException($"No stack config {path}.");
            }

            stderr.WriteLine($"rendering stack '{stack}' from {path}");
            return StackConfiguration.FromStackFile(path, stack);
        }

        stackKnown = false;
        stderr.WriteLine("rendering the built-in defaults (dev)");
        return StackConfiguration.Defaults();
    }
}

/// <summary>Finds the repository root: the directory with Pulumi.yaml, from the working directory up.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")))
                {
                    return directory.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
