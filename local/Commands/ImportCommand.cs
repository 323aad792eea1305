using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;

namespace Platform.Local.Commands;

/// <summary><c>import &lt;file&gt;</c>: uploads a catalogue file to the running platform's bucket under <c>imports/</c> and prints its report.</summary>
/// <remarks>
/// The upload is an ordinary S3 PutObject on the runner's S3 endpoint, so the bucket notification invokes the import function
/// exactly as S3 would. The command then waits for the report the function writes under <c>reports/</c>.
/// </remarks>
internal sealed class ImportCommand(Uri s3Endpoint, string bucket, TextWriter output) : IDisposable
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly HttpClient _client = new() { BaseAddress = s3Endpoint, Timeout = TimeSpan.FromMinutes(10) };

    public async Task<int> RunAsync(string file, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new CommandFailedException($"{file} does not exist.");
        }

        var name = Path.GetFileName(file);
        var key = "imports/" + name;
        var started = DateTimeOffset.UtcNow;
        HttpResponseMessage response;
        await using (var content = File.OpenRead(file))
        {
            using var body = new StreamContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(name).ToUpperInvariant() switch
            {
                ".CSV" => "text/csv",
                ".JSONL" or ".NDJSON" => "application/x-ndjson",
                _ => "application/octet-stream",
            });
            try
            {
                response = await _client.PutAsync(new Uri($"{bucket}/{Escape(key)}", UriKind.Relative), body, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
            {
                throw new CommandFailedException($"No local platform answers on {s3Endpoint}: start it with `dotnet run --project local` (or pass the --port it runs on).");
            }
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CommandFailedException($"The upload of {key} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var version = response.Headers.TryGetValues("x-amz-version-id", out var versions) ? versions.First() : null;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Uploaded {key} to {bucket} ({new FileInfo(file).Length} bytes, ETag {response.Headers.ETag?.Tag}{(version is null ? string.Empty : ", version " + version)}); waiting for its report…"));
        }

        var report = await WaitForReportAsync(name, started, wait, cancellationToken);
        if (report is null)
        {
            await output.WriteLineAsync($"No report under reports/{name}.* within {wait.TotalSeconds:0} s; `dlq list` shows whether the import failed.");
            return 1;
        }

        await output.WriteLineAsync($"Report {report.Value.Key}:");
        await output.WriteLineAsync(Summarize(report.Value.Json));
        return 0;
    }

    private async Task<(string Key, string Json)?> WaitForReportAsync(string name, DateTimeOffset since, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < wait)
        {
            using var listing = await _client.GetAsync(new Uri($"{bucket}?list-type=2&prefix={Uri.EscapeDataString("reports/" + name + ".")}", UriKind.Relative), cancellationToken);
            if (listing.IsSuccessStatusCode)
            {
                var document = XDocument.Parse(await listing.Content.ReadAsStringAsync(cancellationToken));
                var newest = document.Descendants(S3 + "Contents")
                    .Select(c => (Key: (string?)c.Element(S3 + "Key") ?? string.Empty, Modified: DateTimeOffset.Parse((string?)c.Element(S3 + "LastModified") ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture)))
                    .Where(c => c.Key.EndsWith(".report.json", StringComparison.Ordinal) && c.Modified >= since.AddSeconds(-1))
                    .OrderByDescending(c => c.Modified)
                    .FirstOrDefault();
                if (newest.Key is { Length: > 0 })
                {
                    using var report = await _client.GetAsync(new Uri($"{bucket}/{Escape(newest.Key)}", UriKind.Relative), cancellationToken);
                    if (report.StatusCode == HttpStatusCode.OK)
                    {
                        return (newest.Key, await report.Content.ReadAsStringAsync(cancellationToken));
                    }
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return null;
    }

    /// <summary>The report's status and counts, then its first errors, one per line.</summary>
    private static string Summarize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var lines = new List<string>();
        var errors = new List<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                errors.AddRange(property.Value.EnumerateArray().Take(20).Select(e => "    " + (e.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", e.EnumerateObject().Select(p => $"{p.Name} {(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"))
                    : e.GetRawText())));
            }
            else if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                lines.Add($"  {property.Name}: {property.Value}");
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                lines.Add($"  {property.Name}: {string.Join(", ", property.Value.EnumerateObject().Select(p => $"{p.Name} {p.Value.GetRawText()}"))}");
            }
        }

        if (errors.Count > 0)
        {
            lines.Add("  errors (first 20):");
            lines.AddRange(errors);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Escape(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    public void Dispose() => _client.Dispose();
}
