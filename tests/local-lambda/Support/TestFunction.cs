using System.Reflection;
using System.Text.Json;
using Platform.Local.Lambda;

namespace Platform.Tests.Local.Lambda.Support;

/// <summary>The test function's executable and the events that choose what it does.</summary>
internal static class TestFunction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ExecutablePath { get; } = typeof(TestFunction).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "TestFunctionPath").Value!;

    /// <summary>A spec whose processes carry a unique marker argument, so that a test can find every process it caused.</summary>
    public static FunctionSpec Spec(string name) => new()
    {
        Name = name,
        ExecutablePath = ExecutablePath,
        Arguments = [$"--test-marker={Guid.NewGuid():N}"],
        Timeout = TimeSpan.FromSeconds(10),
        MemoryMb = 256,
    };

    public static string Marker(FunctionSpec spec) => spec.Arguments[0];

    public static byte[] Echo(string value) => Event(new { action = "echo", value });

    public static byte[] Sleep(int milliseconds, string? startedFile = null) =>
        Event(new { action = "sleep", sleepMs = milliseconds, startedFile });

    public static byte[] Throw(string message) => Event(new { action = "throw", value = message });

    public static byte[] Exit(int code) => Event(new { action = "exit", exitCode = code });

    public static byte[] Huge(int size) => Event(new { action = "huge", size });

    public static byte[] Probe() => Event(new { action = "probe" });

    public static JsonElement Response(InvocationResult result)
    {
        Assert.Equal(InvocationStatus.Success, result.Status);
        return JsonDocument.Parse(result.Payload).RootElement;
    }

    public static JsonElement ErrorBody(InvocationResult result)
    {
        Assert.NotNull(result.Error);
        return JsonDocument.Parse(result.Error.Body).RootElement;
    }

    private static byte[] Event(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);
}
