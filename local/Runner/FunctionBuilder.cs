using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Platform.Infra.Definition;

namespace Platform.Local.Runner;

/// <summary>Builds the functions the definition lists, each into a folder named by the hash of its own sources, skipping the ones already built.</summary>
/// <remarks>
/// The default is the Native AOT <c>bootstrap</c> that gets deployed (<c>dotnet publish -r linux-x64</c>); <c>--jit</c> uses
/// <c>dotnet build</c> output instead, which builds faster and starts slower. A function's sources are its project folder and
/// the projects it references (through its csproj and the Directory.Build.props above it), so a change in one function
/// rebuilds that function only, and a change in a shared library rebuilds the functions that reference it. Each build lands in
/// <c>build/&lt;flavour&gt;/&lt;function&gt;/&lt;hash&gt;/</c>, so a rebuild never overwrites the binary an instance runs.
/// </remarks>
internal sealed class FunctionBuilder(RunnerOptions options, TextWriter log)
{
    private const string Stamp = ".source-hash";
    private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    private string SourceRoot => options.FunctionSourceRoot;

    /// <summary>The executable of each function, keyed by function name; builds the ones whose sources changed.</summary>
    /// <exception cref="StartupException">A build failed.</exception>
    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(IReadOnlyList<FunctionDefinition> functions, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildAsync(functions, options.Jit, cancellationToken);
        }
        catch (FunctionBuildException ex)
        {
            throw new StartupException($"{ex.Message}\n{ex.Output}", ex);
        }
    }

    /// <summary>Builds <paramref name="functions"/> under the JIT (watch mode's trade-off: quick to build, slower to start).</summary>
    /// <returns>The new executable of each function.</returns>
    /// <exception cref="FunctionBuildException">The build failed; its errors say why.</exception>
    public Task<IReadOnlyDictionary<string, string>> RebuildAsync(IReadOnlyList<FunctionDefinition> functions, CancellationToken cancellationToken) =>
        BuildAsync(functions, jit: true, cancellationToken);

    /// <summary>The folders whose files make up <paramref name="function"/>'s build: its project's and those of the projects it references.</summary>
    public IReadOnlyList<string> SourceDirectories(FunctionDefinition function)
    {
        var projects = new List<string>();
        var pending = new Stack<string>([Path.Combine(SourceRoot, function.ProjectPath, ProjectName(function) + ".csproj")]);
        while (pending.TryPop(out var project))
        {
            project = Path.GetFullPath(project);
            if (projects.Contains(project, StringComparer.Ordinal) || !File.Exists(project))
            {
                continue;
            }

            projects.Add(project);
            foreach (var reference in ProjectReferences(project))
            {
                pending.Push(reference);
            }
        }

        return [.. projects.Select(project => Path.GetDirectoryName(project)!).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A hash of everything <paramref name="function"/>'s build reads: the build settings, its sources and its references' sources.</summary>
    public string SourceHash(FunctionDefinition function)
    {
        var directories = SourceDirectories(function);
        var files = directories
            .SelectMany(directory => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(file => !IsBuildOutput(directory, file)))
            .Concat(directories.SelectMany(PropsAbove))
            .Concat(BuildFiles.Select(f => Path.Combine(SourceRoot, f)).Where(File.Exists))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(SourceRoot, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private async Task<IReadOnlyDictionary<string, string>> BuildAsync(IReadOnlyList<FunctionDefinition> functions, bool jit, CancellationToken cancellationToken)
    {
        var dotnet = ChildProcesses.FindOnPath("dotnet") ?? throw new FunctionBuildException("The dotnet CLI was not found on PATH.", string.Empty);
        var root = Path.Combine(options.StateDirectory, "build", jit ? "jit" : "aot");
        var executables = new Dictionary<string, string>(StringComparer.Ordinal);
        var stale = new List<(FunctionDefinition Function, string Output)>();
        foreach (var function in functions)
        {
            var output = Path.Combine(root, function.Name, SourceHash(function));
            executables[function.Name] = Path.Combine(output, jit ? ProjectName(function) : "bootstrap");
            if (!File.Exists(executables[function.Name]) || !File.Exists(Path.Combine(output, Stamp)))
            {
                stale.Add((function, output));
            }
        }

        if (stale.Count > 0)
        {
            await log.WriteLineAsync($"Building {stale.Count} function(s) ({(jit ? "JIT" : "Native AOT")}); unchanged sources are not rebuilt next time…");
        }

        if (jit)
        {
            if (stale.Count > 0)
            {
                await BuildJitAsync(dotnet, root, stale, cancellationToken);
            }
        }
        else
        {
            // The first build compiles the shared libraries alone; after that two at a time, as Native AOT is CPU-bound and
            // concurrent builds must not write the same shared outputs.
            for (var i = 0; i < Math.Min(1, stale.Count); i++)
            {
                await BuildOneAsync(stale[i], cancellationToken);
            }

            await Parallel.ForEachAsync(stale.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (build, token) =>
                await BuildOneAsync(build, token));
        }

        foreach (var function in functions)
        {
            PruneOldBuilds(Path.Combine(root, function.Name), Path.GetDirectoryName(executables[function.Name])!);
        }

        return executables;

        async Task BuildOneAsync((FunctionDefinition Function, string Output) build, CancellationToken token)
        {
            var project = Path.Combine(SourceRoot, build.Function.ProjectPath);
            string[] arguments = ["publish", project, "-r", "linux-x64", "-c", "Release", "-o", build.Output, "--nologo", "-v", "quiet"];
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (exitCode, text) = await ChildProcesses.RunAsync(dotnet, arguments, SourceRoot, token);
            if (exitCode != 0)
            {
                throw new FunctionBuildException($"Building {build.Function.Name} failed:", text);
            }

            await File.WriteAllTextAsync(Path.Combine(build.Output, Stamp), Path.GetFileName(build.Output), token);
            await log.WriteLineAsync($"  built {build.Function.Name} in {started.Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>
    /// Builds the stale functions under the JIT in one MSBuild invocation (the shared libraries once, the functions in parallel),
    /// then copies each one's output into its folder in the state directory.
    /// </summary>
    private async Task BuildJitAsync(string dotnet, string root, IReadOnlyList<(FunctionDefinition Function, string Output)> stale, CancellationToken cancellationToken)
    {
        var projects = stale.Select(build => Path.Combine(SourceRoot, build.Function.ProjectPath, ProjectName(build.Function) + ".csproj")).ToList();
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
        var (exitCode, text) = await ChildProcesses.RunAsync(dotnet, ["msbuild", traversal, "-m", "-nologo", "-v:quiet", "-t:Build"], SourceRoot, cancellationToken);
        if (exitCode != 0)
        {
            throw new FunctionBuildException($"Building {string.Join(", ", stale.Select(build => build.Function.Name))} failed:", text);
        }

        foreach (var (function, output) in stale)
        {
            var built = Path.Combine(SourceRoot, function.ProjectPath, "bin", "Debug", "net10.0");
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            CopyDirectory(built, output);
            await File.WriteAllTextAsync(Path.Combine(output, Stamp), Path.GetFileName(output), cancellationToken);
        }

        await log.WriteLineAsync($"  built {string.Join(", ", stale.Select(build => build.Function.Name))} in {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Deletes a function's builds other than <paramref name="current"/> and the newest one before it, which instances may still be draining.</summary>
    private static void PruneOldBuilds(string functionDirectory, string current)
    {
        if (!Directory.Exists(functionDirectory))
        {
            return;
        }

        var older = new DirectoryInfo(functionDirectory).EnumerateDirectories()
            .Where(directory => IsHash(directory.Name) && !string.Equals(directory.FullName, Path.GetFullPath(current), StringComparison.Ordinal))
            .OrderByDescending(directory => directory.LastWriteTimeUtc)
            .Skip(1);
        foreach (var directory in older)
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Another runner sharing the state directory may be reading it; the next build prunes it.
            }
        }
    }

    private static bool IsHash(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    private static void CopyDirectory(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            throw new FunctionBuildException($"The build left no output in {source}.", string.Empty);
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The projects <paramref name="project"/> references in its own file and in the Directory.Build.props files it imports.</summary>
    private IEnumerable<string> ProjectReferences(string project)
    {
        foreach (var file in PropsAbove(Path.GetDirectoryName(project)!).Prepend(project))
        {
            var directory = Path.GetDirectoryName(file)! + Path.DirectorySeparatorChar;
            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference"))
            {
                if (reference.Attribute("Include")?.Value is { Length: > 0 } include)
                {
                    var path = include.Replace("$(MSBuildThisFileDirectory)", directory, StringComparison.Ordinal);
                    yield return Path.GetFullPath(path, directory);
                }
            }
        }
    }

    /// <summary>The Directory.Build.props files from <paramref name="directory"/> up to the functions folder, which MSBuild imports in a chain.</summary>
    private IEnumerable<string> PropsAbove(string directory)
    {
        var functions = Path.GetFullPath(Path.Combine(SourceRoot, "functions"));
        for (var current = new DirectoryInfo(directory); current is not null && current.FullName.StartsWith(functions, StringComparison.Ordinal); current = current.Parent)
        {
            var props = Path.Combine(current.FullName, "Directory.Build.props");
            if (File.Exists(props))
            {
                yield return props;
            }
        }
    }

    private static bool IsBuildOutput(string projectDirectory, string file)
    {
        var relative = Path.GetRelativePath(projectDirectory, file);
        return relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string ProjectName(FunctionDefinition function) =>
        "Platform.Functions." + string.Concat(Path.GetFileName(function.ProjectPath).Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>A function build failed; <see cref="Errors"/> are the compiler's error lines.</summary>
internal sealed class FunctionBuildException(string message, string output) : Exception(message)
{
    /// <summary>Everything the build printed.</summary>
    public string Output { get; } = output;

    /// <summary>The distinct <c>error</c> lines of the build's output, or its last lines when it printed none.</summary>
    public IReadOnlyList<string> Errors { get; } = ErrorLines(output);

    private static string[] ErrorLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(line => line.Contains(": error ", StringComparison.Ordinal))
            .Select(line => line.LastIndexOf(" [", StringComparison.Ordinal) is var at and > 0 && line.EndsWith(']') ? line[..at] : line)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return errors.Length > 0 ? errors : lines.TakeLast(20).ToArray();
    }
}
