using System.Security.Cryptography;
using System.Text;
using Platform.Infra.Definition;

namespace Platform.Local.Runner;

/// <summary>Builds every function the definition lists, skipping the build when no source changed since the last one.</summary>
/// <remarks>
/// The default is the Native AOT <c>bootstrap</c> that gets deployed (<c>dotnet publish -r linux-x64</c>); <c>--jit</c> uses
/// <c>dotnet build</c> output instead, which builds faster and starts slower.
/// </remarks>
internal sealed class FunctionBuilder(RunnerOptions options, TextWriter log)
{
    private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    /// <summary>The executable of each function, keyed by function name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(IReadOnlyList<FunctionDefinition> functions, CancellationToken cancellationToken)
    {
        var dotnet = ChildProcesses.FindOnPath("dotnet") ?? throw new StartupException("The dotnet CLI was not found on PATH.");
        var flavour = options.Jit ? "jit" : "aot";
        var root = Path.Combine(options.StateDirectory, "build", flavour);
        var hash = SourceHash();
        var executables = new Dictionary<string, string>(StringComparer.Ordinal);
        var stale = new List<FunctionDefinition>();
        foreach (var function in functions)
        {
            var output = Path.Combine(root, function.Name);
            executables[function.Name] = Path.Combine(output, options.Jit ? ProjectName(function) : "bootstrap");
            var stamp = Path.Combine(output, ".source-hash");
            if (!File.Exists(executables[function.Name]) || !File.Exists(stamp) || await File.ReadAllTextAsync(stamp, cancellationToken) != hash)
            {
                stale.Add(function);
            }
        }

        if (stale.Count > 0)
        {
            await log.WriteLineAsync($"Building {stale.Count} function(s) ({(options.Jit ? "JIT" : "Native AOT")}); unchanged sources are not rebuilt next time…");
        }

        // The first build compiles the shared libraries alone; after that two at a time, as Native AOT is CPU-bound and
        // concurrent builds must not write the same shared outputs.
        for (var i = 0; i < Math.Min(1, stale.Count); i++)
        {
            await BuildOneAsync(stale[i], cancellationToken);
        }

        // JIT builds are quick once the shared libraries exist, so they go one at a time: no two builds touch the shared outputs.
        await Parallel.ForEachAsync(stale.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = options.Jit ? 1 : 2, CancellationToken = cancellationToken }, async (function, token) =>
            await BuildOneAsync(function, token));

        return executables;

        async Task BuildOneAsync(FunctionDefinition function, CancellationToken token)
        {
            var output = Path.Combine(root, function.Name);
            var project = Path.Combine(options.RepositoryRoot, function.ProjectPath);
            string[] arguments = options.Jit
                ? ["build", project, "-c", "Debug", "-o", output, "--nologo", "-v", "quiet"]
                : ["publish", project, "-r", "linux-x64", "-c", "Release", "-o", output, "--nologo", "-v", "quiet"];
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (exitCode, text) = await ChildProcesses.RunAsync(dotnet, arguments, options.RepositoryRoot, token);
            if (exitCode != 0)
            {
                throw new StartupException($"Building {function.Name} failed:\n{text}");
            }

            await File.WriteAllTextAsync(Path.Combine(output, ".source-hash"), hash, token);
            await log.WriteLineAsync($"  built {function.Name} in {started.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static string ProjectName(FunctionDefinition function) =>
        "Platform.Functions." + string.Concat(Path.GetFileName(function.ProjectPath).Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private string SourceHash()
    {
        var files = Directory.EnumerateFiles(Path.Combine(options.RepositoryRoot, "functions"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(BuildFiles.Select(f => Path.Combine(options.RepositoryRoot, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(options.RepositoryRoot, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
