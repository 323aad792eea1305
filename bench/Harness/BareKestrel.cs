using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Bench.Harness;

/// <summary>A recorded answer of the gateway: what bare Kestrel replays for the same path.</summary>
public sealed record RecordedAnswer(string Path, int Status, string ContentType, byte[] Body);

/// <summary>
/// Suite 3's floor: Kestrel with no middleware, answering each recorded path with the gateway's exact bytes, in its own
/// process (this executable, started with <see cref="Command"/>) like the runner's gateway.
/// </summary>
public static class BareKestrel
{
    public const string Command = "__kestrel";

    /// <summary>Starts the floor on <paramref name="port"/> with the answers to replay; returns once it answers.</summary>
    public static async Task<Process> StartAsync(BenchContext context, int port, IReadOnlyList<RecordedAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = Path.Combine(context.Directory("kestrel"), "answers.json");
        await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(answers), context.CancellationToken);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Platform.Bench.dll"), Command, port.ToString(CultureInfo.InvariantCulture), file },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bare Kestrel.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}{answers[0].Path}"), context.CancellationToken);
                return process;
            }
            catch (HttpRequestException) when (attempt < 200 && !process.HasExited)
            {
                await Task.Delay(50, context.CancellationToken);
            }
        }
    }

    /// <summary>The child process's entry point: <c>__kestrel &lt;port&gt; &lt;answers.json&gt;</c>; runs until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var answers = JsonSerializer.Deserialize<List<RecordedAnswer>>(await File.ReadAllBytesAsync(args[1]))!
            .ToDictionary(a => a.Path, StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async http =>
        {
            if (!answers.TryGetValue(http.Request.Path.Value ?? string.Empty, out var answer))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = answer.ContentType;
            http.Response.ContentLength = answer.Body.Length;
            await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
