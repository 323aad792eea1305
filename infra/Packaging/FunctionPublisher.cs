using System.Diagnostics;
using Platform.Infra.Definition;

namespace Platform.Infra.Packaging;

/// <summary>Where each function's deployable (the Native AOT <c>bootstrap</c>) is published, and publishing it.</summary>
public sealed class FunctionPublisher(string repositoryRoot, Architecture architecture, TextWriter log)
{
    /// <summary>The .NET runtime identifier for the architecture.</summary>
    public string RuntimeIdentifier { get; } = architecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>The publish directory, relative to the repository root (the Pulumi project directory), which the program archives.</summary>
    public string ArchivePath(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return $"artifacts/functions/{RuntimeIdentifier}/{function.Name}";
    }

    /// <summary>Publishes every function; build output goes to the log (stderr), never to stdout.</summary>
    /// <exception cref="InvalidOperationException">A publish failed; the message names the function and, for a cross-architecture build, the missing toolchain.</exception>
    public void PublishAll(IEnumerable<FunctionDefinition> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            var output = Path.Combine(repositoryRoot, ArchivePath(function));
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true); // only the fresh bootstrap goes into the archive
            }

            log.WriteLine($"publishing {function.Name} ({RuntimeIdentifier}) → {ArchivePath(function)}");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = repositoryRoot,
            };
            foreach (var argument in new[] { "publish", function.ProjectPath, "-r", RuntimeIdentifier, "-c", "Release", "-o", output, "-nologo" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var hint = RuntimeIdentifier == HostRuntimeIdentifier
                    ? string.Empty
                    : $" Native AOT for {RuntimeIdentifier} on a {HostRuntimeIdentifier} machine needs the cross toolchain (clang, lld and a {RuntimeIdentifier} sysroot); install it or set platform:architecture to match this machine.";
                throw new InvalidOperationException($"dotnet publish of {function.Name} for {RuntimeIdentifier} failed (exit code {process.ExitCode}).{hint}");
            }

            if (!File.Exists(Path.Combine(output, "bootstrap")))
            {
                throw new InvalidOperationException($"Publishing {function.Name} produced no bootstrap in {ArchivePath(function)}.");
            }

            // The deployment package is the bootstrap alone; referenced projects' symbol files stay out of the archive.
            foreach (var extra in Directory.EnumerateFileSystemEntries(output).Where(e => Path.GetFileName(e) != "bootstrap").ToList())
            {
                if (Directory.Exists(extra))
                {
                    Directory.Delete(extra, recursive: true);
                }
                else
                {
                    File.Delete(extra);
                }
            }
        }
    }

    private static string HostRuntimeIdentifier =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";
}
