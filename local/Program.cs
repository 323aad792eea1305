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
            Usage: dotnet run --project local -- [options]        run the whole platform locally
                   dotnet run --project local -- outbox           list the e-mails in the local outbox

            Options:
              --port <n>          the HTTP API's port (default 3000); EventBridge, SQS, SES and DynamoDB take the next four
              --reset             start from empty state (table, queues, outbox)
              --fast-schedules    fire schedules every few seconds instead of at their real times
              --jit               run JIT builds of the functions (faster to build, slower to start) instead of Native AOT
              --stack <name>      the stack whose settings to use (Pulumi.<name>.yaml; default dev)
              --state <dir>       where state is kept (default .local/ in the repository)
            """;

        public static async Task<int> RunAsync(string[] args)
        {
            try
            {
                var root = FindRepositoryRoot();
                var (command, options) = Parse(args, root);
                return command switch
                {
                    "outbox" => ListOutbox(options),
                    _ => await RunPlatformAsync(options),
                };
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

        private static (string Command, RunnerOptions Options) Parse(string[] args, string root)
        {
            var command = "run";
            var options = new RunnerOptions { RepositoryRoot = root, StateDirectory = Path.Combine(root, ".local") };
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "outbox" when i == 0:
                        command = "outbox";
                        break;
                    case "--port":
                        var text = Value();
                        options = options with
                        {
                            Port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65531
                                ? port
                                : throw new UsageException($"--port must be a port number below 65531; it is '{text}'."),
                        };
                        break;
                    case "--reset":
                        options = options with { Reset = true };
                        break;
                    case "--fast-schedules":
                        options = options with { FastSchedules = true };
                        break;
                    case "--jit":
                        options = options with { Jit = true };
                        break;
                    case "--stack":
                        options = options with { Stack = Value() };
                        break;
                    case "--state":
                        options = options with { StateDirectory = Path.GetFullPath(Value()) };
                        break;
                    case "--help" or "-h":
                        throw new UsageException("The local runner.");
                    default:
                        throw new UsageException($"Unknown argument '{args[i]}'.");
                }
            }

            return (command, options);
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
}
