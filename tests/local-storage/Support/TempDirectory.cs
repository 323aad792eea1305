namespace Platform.Tests.Local.Storage.Support;

/// <summary>A fresh directory under the system's temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("s3-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
