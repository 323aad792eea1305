using Platform.Local.Lambda;
using Platform.Tests.Local.Lambda.Support;

namespace Platform.Tests.Local.Lambda;

public sealed class FunctionHostSwapTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("local-lambda-swap-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SwapAsync_InvocationInFlight_CompletesOnOldBuildAndNextInvocationsRunNewBuild()
    {
        // Arrange: the old build busy with a slow invocation, and a new build in its own directory.
        var oldSpec = TestFunction.Spec("swapped") with
        {
            ReservedConcurrency = 2,
            Environment = new Dictionary<string, string> { ["TEST_SETTING"] = "old" },
        };
        await using var sut = CreateSut(oldSpec);
        var newSpec = oldSpec with
        {
            ExecutablePath = CopyBuild(Path.Combine(_directory, "new-build")),
            Environment = new Dictionary<string, string> { ["TEST_SETTING"] = "new" },
        };
        var started = Path.Combine(_directory, "started");
        var inFlight = sut.InvokeAsync(TestFunction.Sleep(1_500, started), InvocationOptions.Synchronous, Cancellation);
        await Eventually.TrueAsync(() => File.Exists(started), "the slow invocation to start");
        var oldProcessId = Assert.Single(sut.InstanceProcessIds);

        // Act
        await sut.SwapAsync(newSpec);
        var duringDrain = await sut.InvokeAsync(TestFunction.Echo("during"), InvocationOptions.Synchronous, Cancellation);
        var slow = await Eventually.WithinAsync(inFlight, "the in-flight invocation");
        var afterDrain = await sut.InvokeAsync(TestFunction.Echo("after"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        Assert.Equal(oldProcessId, TestFunction.Response(slow).GetProperty("processId").GetInt32());
        Assert.Equal("old", TestFunction.Response(slow).GetProperty("environment").GetProperty("TEST_SETTING").GetString());
        var newProcessId = TestFunction.Response(duringDrain).GetProperty("processId").GetInt32();
        Assert.NotEqual(oldProcessId, newProcessId);
        Assert.Equal(newSpec.ExecutablePath, new FileInfo($"/proc/{newProcessId}/exe").LinkTarget);
        Assert.Equal("new", TestFunction.Response(duringDrain).GetProperty("environment").GetProperty("TEST_SETTING").GetString());
        Assert.Equal(newProcessId, TestFunction.Response(afterDrain).GetProperty("processId").GetInt32());
        await Eventually.TrueAsync(() => !Processes.IsAlive(oldProcessId), "the drained old instance to be stopped");
        Assert.Equal([newProcessId], sut.InstanceProcessIds);
        Assert.Equal(0, sut.Stats.Errors);
    }

    [Fact]
    public async Task SwapAsync_IdleOldInstance_StopsItAndStartsNewBuildOnNextInvocation()
    {
        // Arrange
        var oldSpec = TestFunction.Spec("idle-swap") with { ReservedConcurrency = 1 };
        await using var sut = CreateSut(oldSpec);
        var warm = await sut.InvokeAsync(TestFunction.Echo("warm"), InvocationOptions.Synchronous, Cancellation);
        var oldProcessId = TestFunction.Response(warm).GetProperty("processId").GetInt32();
        var newSpec = oldSpec with { ExecutablePath = CopyBuild(Path.Combine(_directory, "new-build")) };

        // Act
        await sut.SwapAsync(newSpec);
        var next = await sut.InvokeAsync(TestFunction.Echo("next"), InvocationOptions.Synchronous, Cancellation);

        // Assert
        await Eventually.TrueAsync(() => !Processes.IsAlive(oldProcessId), "the idle old instance to be stopped");
        var newProcessId = TestFunction.Response(next).GetProperty("processId").GetInt32();
        Assert.NotEqual(oldProcessId, newProcessId);
        Assert.Equal(newSpec.ExecutablePath, new FileInfo($"/proc/{newProcessId}/exe").LinkTarget);
        Assert.NotNull(next.InitDuration);
    }

    [Fact]
    public async Task SwapAsync_DifferentConcurrency_Throws()
    {
        // Arrange
        var spec = TestFunction.Spec("fixed") with { ReservedConcurrency = 1 };
        await using var sut = CreateSut(spec);

        // Act / Assert
        await Assert.ThrowsAsync<ArgumentException>(() => sut.SwapAsync(spec with { ReservedConcurrency = 3 }));
        Assert.Same(spec, sut.Spec);
    }

    private static string CopyBuild(string destination)
    {
        var source = Path.GetDirectoryName(TestFunction.ExecutablePath)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // File.Copy keeps the execute bit on Unix.
        return Path.Combine(destination, Path.GetFileName(TestFunction.ExecutablePath));
    }

    private static FunctionHost CreateSut(FunctionSpec spec) => new(spec, TestOutputLogger.ForCurrentTest(), TimeProvider.System);
}
