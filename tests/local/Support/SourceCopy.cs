namespace Platform.Tests.Local.Support;

/// <summary>A copy of the functions' sources and build settings, for tests that edit sources: the repository's own stay untouched.</summary>
public sealed class SourceCopy : IDisposable
{
    private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig"];
    private readonly TempDirectory _directory = new();

    public SourceCopy()
    {
        var root = PlatformFixture.RepositoryRoot();
        foreach (var file in BuildFiles)
        {
            File.Copy(Path.Combine(root, file), Path.Combine(Root, file));
        }

        var functions = Path.Combine(root, "functions");
        foreach (var file in Directory.EnumerateFiles(functions, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The folder holding the copy's <c>functions/</c> and build settings.</summary>
    public string Root => _directory.Path;

    /// <summary>Replaces <paramref name="oldText"/> (which must occur) in the copy's file at <paramref name="relativePath"/>.</summary>
    public void Replace(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();
}
