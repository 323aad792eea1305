using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Functions.Shared.Runtime;
using Platform.Local.Lambda;

namespace Platform.Tests.Local.Lambda.TestFunction;

/// <summary>A function whose behaviour the event chooses, and (with the argument <c>host</c>) a runner process that tests SIGKILL.</summary>
internal static class Program
{
    private static string? _previousRequestId;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["host", var functionPath, var startedFile, ..])
        {
            return await RunHostAsync(functionPath, startedFile);
        }

        return await LambdaHost.RunAsync(Init, TestJsonContext.Default.TestEvent, TestJsonContext.Default.TestResponse);
    }

    private static LambdaHandler<TestEvent, TestResponse> Init()
    {
        if (EnvironmentSettings.Optional("TEST_INIT_ERROR") is { } message)
        {
            throw new ConfigurationException(message);
        }

        return HandleAsync;
    }

    private static async Task<TestResponse> HandleAsync(TestEvent request, LambdaContext context)
    {
        var previous = _previousRequestId;
        _previousRequestId = context.RequestId;
        if (request.StartedFile is { } startedFile)
        {
            await File.WriteAllTextAsync(startedFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        switch (request.Action)
        {
            case "throw":
                throw new InvalidOperationException(request.Value ?? "boom");
            case "exit":
                Environment.Exit(request.ExitCode);
                break;
            case "sleep":
                // Deliberately deaf to the context's cancellation: the host must enforce the timeout.
                await Task.Delay(request.SleepMs, CancellationToken.None);
                break;
            case "probe":
                return Respond(request, context) with { ProbeStatuses = await ProbeAsync(previous) };
            default:
                break;
        }

        return Respond(request, context) with
        {
            Padding = request.Size > 0 ? new string('x', request.Size) : null,
        };
    }

    private static TestResponse Respond(TestEvent request, LambdaContext context) => new()
    {
        Value = request.Value,
        RequestId = context.RequestId,
        FunctionArn = context.InvokedFunctionArn,
        TraceId = context.TraceId,
        ClientContext = context.ClientContext,
        DeadlineMs = context.Deadline.ToUnixTimeMilliseconds(),
        ProcessId = Environment.ProcessId,
        Environment = new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"),
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
            ["AWS_LAMBDA_FUNCTION_VERSION"] = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION"),
            ["AWS_REGION"] = Environment.GetEnvironmentVariable("AWS_REGION"),
            ["AWS_ACCESS_KEY_ID"] = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"),
            ["AWS_EC2_METADATA_DISABLED"] = Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"),
            ["TEST_SETTING"] = Environment.GetEnvironmentVariable("TEST_SETTING"),
        },
    };

    /// <summary>Calls the Runtime API the way a broken runtime would, and reports the status codes it got.</summary>
    private static async Task<Dictionary<string, int>> ProbeAsync(string? previousRequestId)
    {
        using var http = LambdaHost.CreateRuntimeApiClient(Environment.GetEnvironmentVariable(LambdaHost.RuntimeApiVariable)!);
        var statuses = new Dictionary<string, int>
        {
            ["unknownRequest"] = await PostAsync(http, "runtime/invocation/not-a-request/response"),
            ["initErrorAfterInit"] = await PostAsync(http, "runtime/init/error"),
        };
        using (var response = await http.GetAsync(new Uri("runtime/nothing-here", UriKind.Relative)))
        {
            statuses["unknownPath"] = (int)response.StatusCode;
        }

        if (previousRequestId is not null)
        {
            statuses["answeredRequest"] = await PostAsync(http, $"runtime/invocation/{previousRequestId}/response");
        }

        return statuses;
    }

    private static async Task<int> PostAsync(HttpClient http, string path)
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        return (int)response.StatusCode;
    }

    /// <summary>A runner: starts one instance of the function mid-invocation, then waits to be killed.</summary>
    private static async Task<int> RunHostAsync(string functionPath, string startedFile)
    {
        var spec = new FunctionSpec { Name = "orphan-check", ExecutablePath = functionPath, Timeout = TimeSpan.FromMinutes(10) };
        var host = new FunctionHost(spec, NullLogger.Instance, TimeProvider.System);
        var payload = Encoding.UTF8.GetBytes(
            $$"""{"action":"sleep","sleepMs":600000,"startedFile":"{{startedFile.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}""");
        await host.InvokeAsync(payload, InvocationOptions.Synchronous, CancellationToken.None);
        await Console.Out.WriteLineAsync("host finished");
        return 0;
    }
}

internal sealed record TestEvent
{
    public string Action { get; init; } = "echo";

    public string? Value { get; init; }

    public int SleepMs { get; init; }

    public int Size { get; init; }

    public int ExitCode { get; init; }

    public string? StartedFile { get; init; }
}

internal sealed record TestResponse
{
    public string? Value { get; init; }

    public string? RequestId { get; init; }

    public string? FunctionArn { get; init; }

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public long DeadlineMs { get; init; }

    public int ProcessId { get; init; }

    public Dictionary<string, string?>? Environment { get; init; }

    public Dictionary<string, int>? ProbeStatuses { get; init; }

    public string? Padding { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestEvent))]
[JsonSerializable(typeof(TestResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
