using Platform.Local.Lambda;
using Platform.Local.Runner.Watch;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>Which functions watch mode rebuilds for a changed path.</summary>
public sealed class FunctionWatcherTests(PlatformFixture platform) : IAsyncDisposable
{
    private readonly SourceCopy _sources = new();
    private readonly TempDirectory _state = new();
    private FunctionWatcher? _sut;

    [Fact]
    public void AffectedFunctions_FileOfOneFunction_IsThatFunctionOnly()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        var affected = sut.AffectedFunctions(Source("functions/order-functions/create-order/Program.cs"));

        // Assert
        Assert.Equal(["create-order"], affected);
    }

    [Fact]
    public void AffectedFunctions_SharedLibraryFile_IsEveryFunctionReferencingIt()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        var affected = sut.AffectedFunctions(Source("functions/shared/validators/Patterns.cs"));

        // Assert
        Assert.Equal(platform.Platform.Model.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), affected);
    }

    [Fact]
    public void AffectedFunctions_DirectoryBuildPropsOfAGroup_IsTheFunctionsBelowIt()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        var affected = sut.AffectedFunctions(Source("functions/user-functions/Directory.Build.props"));

        // Assert
        Assert.Equal(["create-user", "get-user", "update-user"], affected);
    }

    [Fact]
    public void AffectedFunctions_FileOutsideEveryFunction_IsNone()
    {
        // Arrange
        var sut = CreateSut();

        // Act
        var affected = sut.AffectedFunctions(Source("functions/README.md"));

        // Assert
        Assert.Empty(affected);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sut is not null)
        {
            await _sut.DisposeAsync();
        }

        _sources.Dispose();
        _state.Dispose();
    }

    private string Source(string relativePath) => Path.Combine(_sources.Root, relativePath);

    private FunctionWatcher CreateSut()
    {
        var options = PlatformFixture.Options(_state.Path, 3000) with { Watch = true, SourceRoot = _sources.Root };
        _sut = FunctionWatcher.Start(options, platform.Platform.Model.Functions, new Dictionary<string, FunctionHost>(), TextWriter.Null, TimeProvider.System);
        return _sut;
    }
}
