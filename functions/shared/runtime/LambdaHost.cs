using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Functions.Shared.Runtime;

/// <summary>The entry point of a function executable on the provided.al2023 runtime.</summary>
public static class LambdaHost
{
    /// <summary>The environment variable holding the Runtime API's host and port.</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Runs <paramref name="init"/> once, then serves invocations until SIGTERM or SIGINT; returns the process exit code.</summary>
    /// <remarks>
    /// An exception from <paramref name="init"/> is posted to /runtime/init/error and the process exits with 1. A signal lets the
    /// in-flight invocation finish, then the process exits with 0. Use as <c>return await LambdaHost.RunAsync(...)</c> in Program.cs.
    /// </remarks>
    /// <typeparam name="TRequest">The event type.</typeparam>
    /// <typeparam name="TResponse">The response type.</typeparam>
    /// <param name="init">Creates clients and settings once and returns the handler.</param>
    /// <param name="requestType">The event type's source-generated metadata.</param>
    /// <param name="responseType">The response type's source-generated metadata.</param>
    public static async Task<int> RunAsync<TRequest, TResponse>(
        Func<LambdaHandler<TRequest, TResponse>> init,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType)
    {
        var output = Console.Out;
        var options = LambdaBootstrapOptions.FromEnvironment();
        var runtimeApi = Environment.GetEnvironmentVariable(RuntimeApiVariable);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            new JsonLogger(output, TimeProvider.System, options.MinimumLogLevel)
                .Fatal($"Environment variable {RuntimeApiVariable} is required", exception: null);
            return 1;
        }

        using var http = CreateRuntimeApiClient(runtimeApi);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        var bootstrap = new LambdaBootstrap<TRequest, TResponse>(
            http, init, requestType, responseType, TimeProvider.System, output, options);
        return await bootstrap.RunAsync(stop.Token);
    }

    /// <summary>Creates the one <see cref="HttpClient"/> for the Runtime API at <paramref name="runtimeApi"/> (host:port).</summary>
    /// <param name="runtimeApi">The value of AWS_LAMBDA_RUNTIME_API.</param>
    public static HttpClient CreateRuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        var handler = new SocketsHttpHandler
        {
            // The Runtime API is local: never route it through HTTP_PROXY, and skip features it does not use.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        // Keep the process alive so the in-flight invocation can finish; the loop exits with 0 afterwards.
        context.Cancel = true;
        stop.Cancel();
    }
}
