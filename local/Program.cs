using System.Globalization;
using System.Runtime.InteropServices;
using Platform.Local.Email;
using Platform.Local.Runner;

return await Platform.Local.LocalCommand.RunAsync(args);

namespace Platform.Local
{
    /// <summary>The <c>dotnet run --project local</c> command line.</summary>
    internal static class LocalCommand
    {
        private const string Usage = """
            Usage: dotnet run --project local -- [options]                      run the whole platform locally
                   dotnet run --project local -- outbox                         list the e-mails in the local outbox
                   dotnet run --project local -- import <file>                  upload a catalogue file (CSV or JSON Lines) to imports/ and print its report
                   dotnet run --project local -- notify <key> [--version-id <id>]
                                                                                deliver the stored object's S3 notification again (as S3's at-least-once delivery can)
                   dotnet run --project local -- events tail [--recent n] [--json]
                                                                                follow the events on the bus with the rules they matched
                   dotnet run --project local -- dlq list                       list the dead-letter queues, their messages and why
                   dotnet run --project local -- dlq redrive <queue> (--all | <message id>...)
                                                                                send dead letters back to where they failed
                   dotnet run --project local -- trace <order id | trace id> [--json]
                                                                                print what one order or request caused, with timings

            Options:
              --port <n>          the HTTP API's port (default 3000); EventBridge, SQS, SES, DynamoDB and S3 take the next five
              --reset             start from empty state (table, queues, outbox)
              --fast-schedules    fire schedules every few seconds instead of at their real times
              --async-retry-delays <d>[,<d>]
                                  wait these before the first and second retry of a failed asynchronous invocation
                                  instead of Lambda's 1m,2m (durations like 500ms, 1s, 2m)
              --jit               run JIT builds of the functions (faster to build, slower to start) instead of Native AOT
              --watch             rebuild a function when its source (or a shared library it uses) changes, and swap it in
                                  without failing requests in flight; rebuilds are JIT builds, even without --jit
              --stack <name>      the stack whose settings to use (Pulumi.<name>.yaml; default dev)
              --config-file <f>   read the stack's settings from this file instead of Pulumi.<stack>.yaml
              --state <dir>       where state is kept (default .local/ in the repository)
            """;

        public static async Task<int> RunAsync(string[] args)
        {
            try
            {
                var root = FindRepositoryRoot();
                var (command, options) = Parse(args, root);
                return command.Name switch
                {
                    "outbox" => ListOutbox(options),
                    "events tail" or "dlq list" or "dlq redrive" or "trace" => await RunAdminCommandAsync(command, options),
                    "import" => await ImportAsync(command, options),
                    "notify" => await RunAdminCommandAsync(command, options),
                    _ => await RunPlatformAsync(options),
                };
            }
            catch (CommandFailedException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }
            catch (StartupException ex)
            {
                await Console.Error.WriteLineAsync("The local platform could not start: " + ex.Message);
                return 1;
            }
        }

        private static async Task<int> RunPlatformAsync(RunnerOptions options)
        {
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

            await using var platform = await LocalPlatform.StartAsync(options, Console.Out, stop.Token);
            var demoCustomer = await platform.SeedDemoDataAsync(stop.Token);
            platform.PrintSummary(Console.Out, demoCustomer);
            if (options.Watch)
            {
                Console.WriteLine($"Watching {Path.Combine(options.FunctionSourceRoot, "functions")}: a changed function is rebuilt (JIT) and swapped in; build errors show here and on the web page.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("Stopping…");
            return 0;
        }

        private static async Task<int> RunAdminCommandAsync(ParsedCommand command, RunnerOptions options)
        {
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var admin = new Commands.AdminCommands(new Uri($"http://127.0.0.1:{options.Port}/"), Console.Out);
            return command.Name switch
            {
                "events tail" => await admin.TailEventsAsync(command.Recent, command.Json, stop.Token),
                "dlq list" => await admin.ListDeadLettersAsync(stop.Token),
                "notify" => await admin.NotifyAsync(
                    LocalPlatform.BucketName(Platform.Infra.Definition.PlatformDefinition.CatalogueBucket), command.Key!, command.VersionId, stop.Token),
                "trace" => await admin.TraceAsync(command.TraceKey!, command.Json, stop.Token),
                _ => await admin.RedriveAsync(command.Queue!, command.MessageIds, stop.Token),
            };
        }

        private static async Task<int> ImportAsync(ParsedCommand command, RunnerOptions options)
        {
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using var import = new Commands.ImportCommand(
                new Uri($"http://127.0.0.1:{options.S3Port}/"),
                LocalPlatform.BucketName(Platform.Infra.Definition.PlatformDefinition.CatalogueBucket),
                Console.Out);
            return await import.RunAsync(command.File!, TimeSpan.FromSeconds(60), stop.Token);
        }

        private static int ListOutbox(RunnerOptions options)
        {
            var outbox = new Outbox(Path.Combine(options.StateDirectory, "outbox"), TimeProvider.System);
            var messages = outbox.List();
            Console.WriteLine($"{messages.Count} message(s) in {outbox.Directory}");
            foreach (var message in messages)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{message.Timestamp:yyyy-MM-dd HH:mm:ss}  {message.From} → {string.Join(", ", message.To)}  {message.Subject}"));
            }

            return 0;
        }

        internal static (ParsedCommand Command, RunnerOptions Options) Parse(string[] args, string root)
        {
            var command = new ParsedCommand("run");
            var options = new RunnerOptions { RepositoryRoot = root, StateDirectory = Path.Combine(root, ".local") };
            var i = 0;
            if (args is ["outbox", ..])
            {
                command = new ParsedCommand("outbox");
                i = 1;
            }
            else if (args is ["events", "tail", ..])
            {
                command = new ParsedCommand("events tail");
                i = 2;
            }
            else if (args is ["events", ..])
            {
                throw new UsageException("events needs a subcommand: events tail.");
            }
            else if (args is ["dlq", "list", ..])
            {
                command = new ParsedCommand("dlq list");
                i = 2;
            }
            else if (args is ["dlq", "redrive", var queue, ..] && !queue.StartsWith('-'))
            {
                command = new ParsedCommand("dlq redrive") { Queue = queue };
                i = 3;
            }
            else if (args is ["dlq", ..])
            {
                throw new UsageException("dlq needs a subcommand: dlq list, or dlq redrive <queue> (--all | <message id>...).");
            }
            else if (args is ["trace", var traceKey, ..] && !traceKey.StartsWith('-'))
            {
                command = new ParsedCommand("trace") { TraceKey = traceKey };
                i = 2;
            }
            else if (args is ["trace", ..])
            {
                throw new UsageException("trace needs an order id or a trace id: trace <order id | trace id>.");
            }
            else if (args is ["import", var file, ..] && !file.StartsWith('-'))
            {
                command = new ParsedCommand("import") { File = Path.GetFullPath(file) };
                i = 2;
            }
            else if (args is ["import", ..])
            {
                throw new UsageException("import needs the file to upload: import <file.csv | file.jsonl>.");
            }
            else if (args is ["notify", var key, ..] && !key.StartsWith('-'))
            {
                command = new ParsedCommand("notify") { Key = key };
                i = 2;
            }
            else if (args is ["notify", ..])
            {
                throw new UsageException("notify needs the object's key: notify imports/<file>.");
            }

            var all = false;
            for (; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--port":
                        var text = Value();
                        options = options with
                        {
                            Port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65530
                                ? port
                                : throw new UsageException($"--port must be a port number below 65530; it is '{text}'."),
                        };
                        break;
                    case "--reset" when command.Name == "run":
                        options = options with { Reset = true };
                        break;
                    case "--fast-schedules" when command.Name == "run":
                        options = options with { FastSchedules = true };
                        break;
                    case "--async-retry-delays" when command.Name == "run":
                        options = options with { AsyncRetryDelays = ParseRetryDelays(Value()) };
                        break;
                    case "--version-id" when command.Name == "notify":
                        command = command with { VersionId = Value() };
                        break;
                    case "--jit" when command.Name == "run":
                        options = options with { Jit = true };
                        break;
                    case "--watch" when command.Name == "run":
                        options = options with { Watch = true };
                        break;
                    case "--stack" when command.Name == "run":
                        options = options with { Stack = Value() };
                        break;
                    case "--config-file" when command.Name == "run":
                        options = options with { ConfigFile = Path.GetFullPath(Value()) };
                        break;
                    case "--state" when command.Name is "run" or "outbox":
                        options = options with { StateDirectory = Path.GetFullPath(Value()) };
                        break;
                    case "--recent" when command.Name == "events tail":
                        var recent = Value();
                        command = command with
                        {
                            Recent = int.TryParse(recent, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--recent must be a count; it is '{recent}'."),
                        };
                        break;
                    case "--json" when command.Name is "events tail" or "trace":
                        command = command with { Json = true };
                        break;
                    case "--all" when command.Name == "dlq redrive":
                        all = true;
                        break;
                    case "--help" or "-h":
                        throw new UsageException("The local runner.");
                    case var id when command.Name == "dlq redrive" && !id.StartsWith('-'):
                        command = command with { MessageIds = [.. command.MessageIds, id] };
                        break;
                    default:
                        throw new UsageException($"Unknown argument '{args[i]}'{(command.Name == "run" ? string.Empty : " for " + command.Name)}.");
                }
            }

            if (command.Name == "dlq redrive" && all == (command.MessageIds.Count > 0))
            {
                throw new UsageException("dlq redrive needs either --all or the ids of the messages to redrive (from dlq list), not both.");
            }

            return (command, options);
        }

        /// <summary>One or two durations (<c>500ms</c>, <c>1s</c>, <c>2m</c>), comma-separated: Lambda retries an asynchronous event at most twice.</summary>
        private static IReadOnlyList<TimeSpan> ParseRetryDelays(string text)
        {
            var parts = text.Split(',');
            if (parts.Length > 2)
            {
                throw new UsageException($"--async-retry-delays takes one or two durations (Lambda retries twice); it is '{text}'.");
            }

            return [.. parts.Select(part => ParseDuration(part) ?? throw new UsageException(
                $"--async-retry-delays takes durations such as 500ms, 1s or 2m, comma-separated; '{part}' in '{text}' is not one."))];
        }

        private static TimeSpan? ParseDuration(string text)
        {
            var (unit, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? ("ms", 1L)
                : text.EndsWith('s') ? ("s", 1000L)
                : text.EndsWith('m') ? ("m", 60_000L)
                : (string.Empty, 0L);
            return scale > 0
                && long.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && value <= TimeSpan.FromHours(6).TotalMilliseconds / scale
                ? TimeSpan.FromMilliseconds(value * scale)
                : null;
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                {
                    return directory.FullName;
                }
            }

            for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new StartupException("Platform.sln was not found above the runner or the current directory; run it from the repository.");
        }
    }

    /// <summary>The command line is wrong; the message says how.</summary>
    internal sealed class UsageException(string message) : Exception(message);

    /// <summary>A command could not do its work (no runner answers, an unknown queue); the message says why.</summary>
    internal sealed class CommandFailedException(string message) : Exception(message);

    /// <summary>The command and its own options.</summary>
    internal sealed record ParsedCommand(string Name)
    {
        public int Recent { get; init; } = 20;

        public bool Json { get; init; }

        public string? Queue { get; init; }

        public IReadOnlyList<string> MessageIds { get; init; } = [];

        public string? File { get; init; }

        public string? Key { get; init; }

        public string? VersionId { get; init; }

        public string? TraceKey { get; init; }
    }
}
