using Platform.Local.Runner;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>Per-function source hashes: which edits make which functions stale.</summary>
public sealed class FunctionBuilderTests(PlatformFixture platform) : IDisposable
{
    private const string GetUserHandler = "functions/user-functions/get-user/GetUserHandler.cs";
    private readonly SourceCopy _sources = new();
    private readonly TempDirectory _state = new();

    [Fact]
    public void SourceHash_FunctionSourceChanged_ChangesThatFunctionsHashOnly()
    {
        // Arrange
        var sut = CreateSut();
        var before = Hashes(sut);

        // Act
        _sources.Replace(GetUserHandler, "No user has this id.", "No user has that id.");

        // Assert
        var after = Hashes(sut);
        Assert.Equal(["get-user"], [.. before.Keys.Where(name => before[name] != after[name])]);
    }

    [Fact]
    public void SourceHash_SharedLibraryChanged_ChangesEveryFunctionReferencingIt()
    {
        // Arrange
        var sut = CreateSut();
        var before = Hashes(sut);
        var validator = Directory.EnumerateFiles(Path.Combine(_sources.Root, "functions/shared/validators"), "*.cs", SearchOption.AllDirectories).First();

        // Act
        File.AppendAllText(validator, "\n// changed\n");

        // Assert
        var after = Hashes(sut);
        Assert.All(before.Keys, name => Assert.NotEqual(before[name], after[name]));
    }

    [Fact]
    public void SourceDirectories_Function_AreItsProjectAndTheSharedProjectsItReferences()
    {
        // Arrange
        var sut = CreateSut();
        var getUser = platform.Platform.Model.Function("get-user");

        // Act
        var directories = sut.SourceDirectories(getUser).Select(directory => Path.GetRelativePath(_sources.Root, directory)).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(
            [
                "functions/shared/database", "functions/shared/domain", "functions/shared/runtime", "functions/shared/utilities",
                "functions/shared/validators", "functions/user-functions/get-user",
            ],
            directories);
    }

    public void Dispose()
    {
        _sources.Dispose();
        _state.Dispose();
    }

    private Dictionary<string, string> Hashes(FunctionBuilder sut) =>
        platform.Platform.Model.Functions.ToDictionary(function => function.Name, sut.SourceHash, StringComparer.Ordinal);

    private FunctionBuilder CreateSut() =>
        new(PlatformFixture.Options(_state.Path, 3000) with { SourceRoot = _sources.Root }, TextWriter.Null);
}
