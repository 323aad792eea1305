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

        if (options.Jit)
        {
            if (stale.Count > 0)
            {
                await BuildJitAsync(dotnet, root, stale, hash, cancellationToken);
            }

            return executables;
        }

        // The first build compiles the shared libraries alone; after that two at a time, as Native AOT is CPU-bound and
        // concurrent builds must not write the same shared outputs.
        for (var i = 0; i < Math.Min(1, stale.Count); i++)
        {
            await BuildOneAsync(stale[i], cancellationToken);
        }

        await Parallel.ForEachAsync(stale.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (function, token) =>
            await BuildOneAsync(function, token));

        return executables;

        async Task BuildOneAsync(FunctionDefinition function, CancellationToken token)
        {
            var output = Path.Combine(root, function.Name);
            var project = Path.Combine(options.RepositoryRoot, function.ProjectPath);
            string[] arguments = ["publish", project, "-r", "linux-x64", "-c", "Release", "-o", output, "--nologo", "-v", "quiet"];
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

    /// <summary>
    /// Builds the stale functions under the JIT in one MSBuild invocation (the shared libraries once, the functions in parallel),
    /// then copies each one's output into the state directory.
    /// </summary>
    private async Task BuildJitAsync(string dotnet, string root, IReadOnlyList<FunctionDefinition> stale, string hash, CancellationToken cancellationToken)
    {
        var projects = stale.Select(function => Path.Combine(options.RepositoryRoot, function.ProjectPath, ProjectName(function) + ".csproj")).ToList();
        var traversal = Path.Combine(root, "functions.proj");
        Directory.CreateDirectory(root);
        var items = string.Concat(projects.Select(project => $"    <FunctionProject Include=\"{System.Security.SecurityElement.Escape(project)}\" />\n"));
        await File.WriteAllTextAsync(traversal, $$"""
            <Project>
              <ItemGroup>
            {{items}}  </ItemGroup>
              <Target Name="Build">
                <MSBuild Projects="@(FunctionProject)" Targets="Restore" Properties="Configuration=Debug;MSBuildRestoreSessionId=$([System.Guid]::NewGuid())" />
                <MSBuild Projects="@(FunctionProject)" Targets="Build" Properties="Configuration=Debug" BuildInParallel="true" />
              </Target>
            </Project>
            """, cancellationToken);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, text) = await ChildProcesses.RunAsync(dotnet, ["msbuild", traversal, "-m", "-nologo", "-v:quiet", "-t:Build"], options.RepositoryRoot, cancellationToken);
        if (exitCode != 0)
        {
            throw new StartupException($"Building the functions failed:\n{text}");
        }

        foreach (var function in stale)
        {
            var output = Path.Combine(root, function.Name);
            var built = Path.Combine(options.RepositoryRoot, function.ProjectPath, "bin", "Debug", "net10.0");
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            CopyDirectory(built, output);
            await File.WriteAllTextAsync(Path.Combine(output, ".source-hash"), hash, cancellationToken);
        }

        await log.WriteLineAsync($"  built {string.Join(", ", stale.Select(f => f.Name))} in {started.Elapsed.TotalSeconds:0.0} s");
    }

    private static void CopyDirectory(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            throw new StartupException($"The build left no output in {source}.");
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
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
