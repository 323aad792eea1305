using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>Runs the repository's pinned tsc over generated files, with the pinned @pulumi/aws declarations from its node_modules.</summary>
internal static partial class TypeScriptCompiler
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TscTimeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<string> NodeModules = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Type-checks <paramref name="files"/> (name → TypeScript source) as one strict project.</summary>
    public static TypeCheck Check(IReadOnlyDictionary<string, string> files)
    {
        var nodeModules = NodeModules.Value;
        var directory = Directory.CreateTempSubdirectory("platform-conformance-");
        foreach (var (name, source) in files)
        {
            File.WriteAllText(Path.Combine(directory.FullName, name), source);
        }

        // The files live outside the repository, so module and type resolution are pointed at its node_modules.
        var tsconfig = new
        {
            compilerOptions = new
            {
                strict = true,
                noEmit = true,
                skipLibCheck = false,
                target = "ES2022",
                module = "commonjs",
                moduleResolution = "node10",
                types = new[] { "node" },
                typeRoots = new[] { Path.Combine(nodeModules, "@types") },
                paths = new Dictionary<string, string[]> { ["*"] = [Path.Combine(nodeModules, "*")] },
            },
            files = files.Keys.ToArray(),
        };
        File.WriteAllText(Path.Combine(directory.FullName, "tsconfig.json"), JsonSerializer.Serialize(tsconfig));

        var (exitCode, output) = Run("node", [Path.Combine(nodeModules, "typescript", "bin", "tsc"), "-p", directory.FullName], directory.FullName, TscTimeout);
        var check = new TypeCheck(exitCode, output, files);
        directory.Delete(recursive: true);
        return check;
    }

    /// <summary>The @pulumi/aws version installed in node_modules.</summary>
    public static string InstalledAwsVersion()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(NodeModules.Value, "@pulumi", "aws", "package.json")));
        return package.RootElement.GetProperty("version").GetString()!;
    }

    private static string Install()
    {
        var root = Rendering.RepositoryRoot;
        var nodeModules = Path.Combine(root, "node_modules");
        if (!File.Exists(Path.Combine(nodeModules, "typescript", "bin", "tsc")) || !File.Exists(Path.Combine(nodeModules, "@pulumi", "aws", "package.json")))
        {
            var (exitCode, output) = Run("npm", ["ci", "--no-audit", "--no-fund"], root, NpmTimeout);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({exitCode}):\n{output}");
            }
        }

        return nodeModules;
    }

    private static (int ExitCode, string Output) Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>tsc's verdict; <see cref="Report"/> shows each error with the generated line it points at.</summary>
    internal sealed partial record TypeCheck(int ExitCode, string Output, IReadOnlyDictionary<string, string> Files)
    {
        public IReadOnlyList<string> Errors =>
            [.. Output.Split('\n').Where(l => ErrorLine().IsMatch(l)).Select(l => l.TrimEnd())];

        public string Report()
        {
            var lines = new List<string> { $"tsc exited with {ExitCode}:" };
            foreach (var line in Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
            {
                lines.Add(line);
                var match = ErrorLine().Match(line);
                if (match.Success && Files.TryGetValue(match.Groups["file"].Value, out var source))
                {
                    var number = int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    var sourceLines = source.Split('\n');
                    var declaration = sourceLines.Take(number).LastOrDefault(l => l.StartsWith("export const", StringComparison.Ordinal));
                    lines.Add($"    in: {declaration?.Split(" = ")[0]}");
                    lines.Add($"    at: {sourceLines[number - 1].Trim()}");
                }
            }

            return string.Join('\n', lines);
        }

        [GeneratedRegex(@"^(?<file>[^(\s]+)\((?<line>\d+),(?<column>\d+)\): error TS\d+")]
        private static partial Regex ErrorLine();
    }
}
