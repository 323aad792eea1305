namespace Platform.Tests.Local.Support;

/// <summary>
/// Keeps the runner's JIT builds of the functions between test runs, so that only the first run pays for twelve builds.
/// </summary>
/// <remarks>
/// Each fixture still gets its own state directory: the cache is copied into it before start-up (the runner then skips
/// functions whose source hash matches) and copied back after. An exclusive lock file serialises concurrent test runs
/// around that window, so no run copies a build another run is writing.
/// </remarks>
public sealed class BuildCache : IDisposable
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "platform-tests-local-cache", "build");
    private readonly FileStream _lock;

    private BuildCache(FileStream @lock) => _lock = @lock;

    /// <summary>Takes the cache's lock, waiting for another test run to release it.</summary>
    public static async Task<BuildCache> AcquireAsync(TimeSpan deadline)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, ".lock");
        FileStream? stream = null;
        await Poll.UntilAsync(() => (stream = TryOpen(path)) is not null, deadline, "the build cache lock");
        return new BuildCache(stream!);
    }

    /// <summary>Copies the cached builds into the state directory's build folder.</summary>
    public static void CopyTo(string stateDirectory) => CopyTree(Root, Path.Combine(stateDirectory, "build"));

    /// <summary>Copies the state directory's builds back to the cache.</summary>
    public static void CopyFrom(string stateDirectory)
    {
        var builds = Path.Combine(stateDirectory, "build");
        if (Directory.Exists(builds))
        {
            CopyTree(builds, Root);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative != ".lock")
            {
                File.Copy(file, Path.Combine(destination, relative), overwrite: true);
            }
        }
    }
}
