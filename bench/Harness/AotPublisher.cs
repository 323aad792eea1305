using System.Security;
using System.Text;

namespace Platform.Bench.Harness;

/// <summary>A project to publish for linux-x64 with Native AOT, and where its outputs land.</summary>
public sealed record PublishedBinary(string Name, string ProjectPath, string PublishDirectory, string NativePath, string JitAssemblyPath);

/// <summary>
/// Publishes projects as <c>dotnet publish -r linux-x64 -c Release</c> does, in one MSBuild run, the way the function tests'
/// <c>PublishedFunctionsFixture</c> does: bin/ and obj/ redirected into one cache, so that runs after the first (and runs
/// after the tests, whose cache this is when it exists) only check that everything is up to date.
/// </summary>
public sealed class AotPublisher(BenchContext context)
{
    private const string PublishProperties = "RuntimeIdentifier=linux-x64;_CommandLineDefinedRuntimeIdentifier=true;_IsPublishing=true;Configuration=Release";

    // The fixture's redirect file, byte for byte: a different file would be a changed build input and recompile everything.
    private const string RedirectProps = """
        <Project>
          <PropertyGroup>
            <BaseIntermediateOutputPath>$(MSBuildThisFileDirectory)obj/$(MSBuildProjectName)/</BaseIntermediateOutputPath>
            <BaseOutputPath>$(MSBuildThisFileDirectory)bin/$(MSBuildProjectName)/</BaseOutputPath>
            <!-- Outside the project folder now, so the default globs would take the generated sources under obj/ again. -->
            <DefaultItemExcludes>$(DefaultItemExcludes);bin/**;obj/**</DefaultItemExcludes>
          </PropertyGroup>
          <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildProjectDirectory)'))" />
        </Project>
        """;

    /// <summary>Where <paramref name="name"/> (project <paramref name="projectPath"/>, relative to the repository) will be published.</summary>
    public PublishedBinary Plan(string name, string projectPath, string assemblyName)
    {
        var cache = CacheDirectory();
        var project = Path.GetFileNameWithoutExtension(projectPath);
        var publish = Path.Combine(context.WorkDirectory, "publish", name);
        return new PublishedBinary(
            name,
            projectPath,
            publish,
            Path.Combine(publish, assemblyName),
            Path.Combine(cache, "bin", project, "Release", "net10.0", "linux-x64", assemblyName + ".dll"));
    }

    /// <summary>Publishes the binaries (a no-op check for those that are up to date); throws with MSBuild's output on failure.</summary>
    public async Task PublishAsync(IReadOnlyList<PublishedBinary> binaries)
    {
        ArgumentNullException.ThrowIfNull(binaries);
        var cache = CacheDirectory();
        Directory.CreateDirectory(cache);
        var redirect = Path.Combine(cache, "Directory.Build.props");
        if (!File.Exists(redirect))
        {
            await File.WriteAllTextAsync(redirect, RedirectProps, context.CancellationToken);
        }

        var traversal = Path.Combine(context.Directory("publish"), "publish.proj");
        await File.WriteAllTextAsync(traversal, Traversal(binaries, $"{PublishProperties};DirectoryBuildPropsPath={redirect}"), context.CancellationToken);
        context.Say($"publishing {string.Join(", ", binaries.Select(b => b.Name))} (Native AOT, linux-x64; cached under {Path.GetRelativePath(context.RepositoryRoot, cache)})");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, output) = await Commands.RunAsync(
            "dotnet",
            ["msbuild", traversal, "-restore", "-t:PublishAll", "-m", "-nologo", "-v:minimal", "-nodeReuse:false", "-clp:NoSummary"],
            Path.GetDirectoryName(traversal)!,
            TimeSpan.FromMinutes(45),
            context.CancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Publishing failed ({exitCode}):\n{output}");
        }

        context.Say($"published in {started.Elapsed.TotalSeconds:0.0} s");
        foreach (var binary in binaries.Where(b => !File.Exists(b.NativePath)))
        {
            throw new InvalidOperationException($"{binary.NativePath} is missing after publishing:\n{output}");
        }
    }

    /// <summary>The function tests' cache when they have made one, else bench's own.</summary>
    private string CacheDirectory()
    {
        var tests = Path.Combine(context.RepositoryRoot, "tests", "functions", "obj", "aot-publish");
        return File.Exists(Path.Combine(tests, "Directory.Build.props")) ? tests : Path.Combine(context.WorkDirectory, "aot-publish");
    }

    private string Traversal(IReadOnlyList<PublishedBinary> binaries, string properties)
    {
        var build = new StringBuilder();
        var publish = new StringBuilder();
        foreach (var binary in binaries)
        {
            var path = SecurityElement.Escape(Path.Combine(context.RepositoryRoot, binary.ProjectPath));
            build.AppendLine($"""    <BenchProject Include="{path}" />""");
            publish.AppendLine($"""    <BenchPublish Include="{path}" AdditionalProperties="PublishDir={SecurityElement.Escape(binary.PublishDirectory)}/" />""");
        }

        return $"""
            <Project>
              <ItemGroup>
            {build}{publish}  </ItemGroup>
              <Target Name="Restore">
                <MSBuild Projects="@(BenchProject)" Targets="Restore" Properties="{properties};MSBuildRestoreSessionId=$([System.Guid]::NewGuid())" />
              </Target>
              <Target Name="PublishAll">
                <MSBuild Projects="@(BenchProject)" Targets="Build" Properties="{properties}" BuildInParallel="true" />
                <MSBuild Projects="@(BenchPublish)" Targets="Publish" Properties="{properties};NoBuild=true" BuildInParallel="true" />
              </Target>
            </Project>
            """;
    }
}
