namespace Platform.Tests.Local.Email.Support;

/// <summary>A fresh directory under the system's temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("outbox-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
