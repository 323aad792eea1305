using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Platform.Bench.Harness;

/// <summary>How to start one variant of a function: the file to exec, its arguments and environment.</summary>
public sealed record Launch(string Name, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);

/// <summary>One cold start: exec to the first post on the Runtime API, the peak resident memory after it, and what was posted.</summary>
public sealed record ColdStartResult(double Milliseconds, long PeakResidentBytes, string Answer);

/// <summary>Starts a function process against a <see cref="RuntimeApiStub"/> and times it until its first post.</summary>
public static class ColdStart
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<ColdStartResult> MeasureAsync(RuntimeApiStub api, Launch launch, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(launch);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what Lambda would set: nothing of this process's environment (profiles, keys, endpoints) leaks in.
        start.Environment.Clear();
        start.Environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort;
        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var posted = api.Expect(payload);
        var started = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(posted, exited).WaitAsync(Deadline, cancellationToken);
            if (first != posted)
            {
                throw new InvalidOperationException($"{launch.Name} exited with {process.ExitCode} before answering:\n{Text(output)}");
            }

            var post = await posted;
            var milliseconds = Stopwatch.GetElapsedTime(started, post.Timestamp).TotalMilliseconds;

            // The peak after the first invocation: let the process finish posting and start its next poll.
            await Task.Delay(50, cancellationToken);
            var memory = ProcessMemory.Read(process.Id);
            return new ColdStartResult(milliseconds, memory?.PeakResidentBytes ?? 0, Describe(post));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{launch.Name} posted nothing within {Deadline}:\n{Text(output)}");
        }
        finally
        {
            api.Close();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>"HTTP 400", "error ContractViolationException", "1 batch item failure(s)", or the JSON: what the function answered.</summary>
    private static string Describe(RuntimePost post)
    {
        try
        {
            using var json = JsonDocument.Parse(post.Body);
            var root = json.RootElement;
            if (post.IsError)
            {
                return "error " + (root.TryGetProperty("errorType", out var type) ? type.GetString() : post.ErrorType);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode", out var status))
            {
                return "HTTP " + status.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batchItemFailures", out var failures))
            {
                return $"{failures.GetArrayLength()} batch item failure(s)";
            }

            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString() ?? "null";
            }

            var text = root.GetRawText();
            return text.Length <= 40 ? text.Replace("|", "\\|", StringComparison.Ordinal) : text[..37] + "…";
        }
        catch (JsonException)
        {
            return post.IsError ? "error" : "non-JSON response";
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
