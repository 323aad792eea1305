using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Functions.Shared.Database;
using Platform.Infra.Definition;
using Platform.Local.Email;
using Platform.Local.EventBus;
using Platform.Local.Gateway;
using Platform.Local.Lambda;
using Platform.Local.Page;
using Platform.Local.Queues;
using Platform.Local.Schedules;
using Platform.Local.Storage;
using GatewayAuthorization = Platform.Local.Gateway.RouteAuthorization;

namespace Platform.Local.Runner;

/// <summary>The whole platform on one machine: the definition's functions, routes, rules, queues and schedules, on local endpoints.</summary>
internal sealed class LocalPlatform : IAsyncDisposable
{
    public const string TableName = "platform-local";
    public const string BusName = "platform-local";
    public const string Region = "us-east-1";

    private readonly RunnerOptions _options;
    private readonly TextWriter _log;
    private readonly List<WebApplication> _servers = [];
    private readonly List<FunctionHost> _hosts = [];
    private readonly List<AsyncInvoker> _invokers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _pollers = [];
    private Dynalite? _dynalite;
    private Scheduler? _scheduler;
    private EventBusEndpoint? _bus;
    private LocalJwtIssuer? _jwt;
    private ILoggerFactory? _loggerFactory;
    private PageApi? _page;
    private Watch.FunctionWatcher? _watcher;

    private LocalPlatform(RunnerOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    public PlatformModel Model { get; private set; } = null!;

    public QueueService Queues { get; private set; } = null!;

    public Outbox Outbox { get; private set; } = null!;

    /// <summary>The S3 buckets and objects.</summary>
    public ObjectStore Storage { get; private set; } = null!;

    public EventBusEndpoint Bus => _bus!;

    /// <summary>The dead-letter queues and their redrive.</summary>
    public DeadLetters DeadLetters { get; private set; } = null!;

    public IReadOnlyDictionary<string, FunctionHost> Functions { get; private set; } = new Dictionary<string, FunctionHost>();

    public Uri GatewayUrl => new($"http://127.0.0.1:{_options.Port}");

    /// <summary>The runner's web page, served on the gateway's port.</summary>
    public Uri PageUrl => new(GatewayUrl, AdminApi.Prefix);

    /// <summary>The stack whose settings the platform runs with.</summary>
    public string Stack => _options.Stack;

    /// <summary>The schedules, to fire one now.</summary>
    public Scheduler Scheduler => _scheduler!;

    /// <summary>Each function's asynchronous invocation queue, for functions invoked asynchronously.</summary>
    public IReadOnlyDictionary<string, AsyncInvoker> AsyncInvokers => _asyncInvokers;

    /// <summary>Requests, matched events, queue records and firings along each edge of the architecture.</summary>
    public PlatformTraffic Traffic { get; } = new();

    /// <summary>The last traces: each request's chain of invocations, events and queue messages.</summary>
    public TraceStore Traces { get; } = new(TimeProvider.System);

    /// <summary>The demo customer seeded by <see cref="SeedDemoDataAsync"/>, once it has run.</summary>
    public string? DemoCustomerId { get; private set; }

    public string DevelopmentToken { get; private set; } = string.Empty;

    /// <summary>Watch mode's rebuilds, when the runner watches the sources (<c>--watch</c>).</summary>
    public Watch.FunctionWatcher? Watcher => _watcher;

    /// <summary>The DynamoDB server (dynalite), to take it down in fault tests.</summary>
    internal Dynalite DynamoDb => _dynalite!;

    /// <summary>Builds and starts everything; on any failure stops what was started and throws <see cref="StartupException"/>.</summary>
    public static async Task<LocalPlatform> StartAsync(RunnerOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var platform = new LocalPlatform(options, log);
        try
        {
            await platform.StartCoreAsync(cancellationToken);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_options.Reset && Directory.Exists(_options.StateDirectory))
        {
            foreach (var part in new[] { "dynamo", "queues", "async", "outbox", "s3" })
            {
                var path = Path.Combine(_options.StateDirectory, part);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }

        Directory.CreateDirectory(_options.StateDirectory);
        foreach (var (name, port) in new[] { ("HTTP API", _options.Port), ("EventBridge", _options.EventBridgePort), ("SQS", _options.SqsPort), ("SES", _options.SesPort), ("DynamoDB", _options.DynamoDbPort), ("S3", _options.S3Port) })
        {
            EnsurePortFree(name, port);
        }

        Model = LoadModel();
        Dynalite.CheckPrerequisites(_options.RepositoryRoot);
        _loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning));

        var executables = await new FunctionBuilder(_options, _log).BuildAsync(Model.Functions, cancellationToken);

        _dynalite = await Dynalite.StartAsync(_options.RepositoryRoot, Path.Combine(_options.StateDirectory, "dynamo"), _options.DynamoDbPort, _log, cancellationToken);
        using (var dynamo = _dynalite.CreateClient())
        {
            await PlatformTable.EnsureCreatedAsync(dynamo, TableName, cancellationToken);
        }

        Queues = new QueueService(new QueueServiceOptions { Region = Region, StateDirectory = Path.Combine(_options.StateDirectory, "queues") });
        Queues.MessageDeadLettered += Traces.OnMessageDeadLettered;
        Outbox = new Outbox(Path.Combine(_options.StateDirectory, "outbox"), TimeProvider.System);
        _bus = new EventBusEndpoint(new EventBusOptions { Region = Region });
        _bus.EventMatched += Traffic.OnEventMatched;
        _bus.EventMatched += Traces.OnEventMatched;
        _bus.DeliveryExhausted += Traffic.OnDeliveryExhausted;
        _bus.DeliveryExhausted += Traces.OnDeliveryExhausted;
        DeadLetters = new DeadLetters(Queues);

        await StartServerAsync(_options.EventBridgePort, _bus.HandleAsync);
        await StartServerAsync(_options.SqsPort, new SqsEndpoint(Queues).HandleAsync);
        var ses = new SesEndpoint(Outbox);
        await StartServerAsync(_options.SesPort, context => TraceEmailAsync(context, ses.HandleAsync));
        Storage = new ObjectStore(new ObjectStoreOptions { StateDirectory = Path.Combine(_options.StateDirectory, "s3"), Region = Region });
        await StartServerAsync(_options.S3Port, new S3Endpoint(Storage).HandleAsync);

        Functions = StartFunctions(executables);
        WireQueues();
        WireRules();
        WireSchedules();
        WireBuckets();
        await StartGatewayAsync();
        StartWatching();
    }

    private void StartWatching()
    {
        if (_options.Watch)
        {
            _watcher = Watch.FunctionWatcher.Start(_options, Model.Functions, Functions, _log, TimeProvider.System);
        }
    }

    private PlatformModel LoadModel()
    {
        var stackFile = _options.ConfigFile ?? Path.Combine(_options.RepositoryRoot, $"Pulumi.{_options.Stack}.yaml");
        if (!File.Exists(stackFile))
        {
            throw new StartupException($"The stack settings file {stackFile} does not exist; choose an existing stack with --stack (Pulumi.<stack>.yaml in the repository) or a file with --config-file.");
        }

        try
        {
            var settings = Platform.Infra.Configuration.StackConfiguration.FromStackFile(stackFile, _options.Stack).Settings;
            return PlatformDefinition.Build(settings);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Platform.Infra.Configuration.ConfigurationException or IOException)
        {
            throw new StartupException($"The platform definition for stack '{_options.Stack}' is broken: {ex.Message}", ex);
        }
    }

    private Dictionary<string, FunctionHost> StartFunctions(IReadOnlyDictionary<string, string> executables)
    {
        var hosts = new Dictionary<string, FunctionHost>(StringComparer.Ordinal);
        foreach (var function in Model.Functions)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ENDPOINT_URL_DYNAMODB"] = _dynalite!.Endpoint.ToString().TrimEnd('/'),
                ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = $"http://127.0.0.1:{_options.EventBridgePort}",
                ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{_options.SqsPort}",
                ["AWS_ENDPOINT_URL_SESV2"] = $"http://127.0.0.1:{_options.SesPort}",
                ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{_options.S3Port}",
                ["AWS_LAMBDA_LOG_LEVEL"] = Model.Settings.LogLevel,
            };
            foreach (var variable in function.Environment)
            {
                environment[variable.Name] = variable.Value switch
                {
                    TableNameValue => TableName,
                    EventBusNameValue => BusName,
                    SettingValue setting => setting.Value,
                    LiteralValue literal => literal.Value,
                    _ => throw new StartupException($"{function.Name}: environment variable {variable.Name} has a value the runner does not know."),
                };
            }

            var host = new FunctionHost(
                new FunctionSpec
                {
                    Name = function.Name,
                    ExecutablePath = executables[function.Name],
                    Environment = environment,
                    MemoryMb = function.MemorySize,
                    Timeout = TimeSpan.FromSeconds(function.TimeoutSeconds),
                    ReservedConcurrency = function.ReservedConcurrency < 0 ? null : Math.Max(1, function.ReservedConcurrency),
                    Region = Region,
                },
                _loggerFactory!.CreateLogger("function." + function.Name),
                TimeProvider.System);
            host.InvocationCompleted += Traces.OnInvocationCompleted;
            _hosts.Add(host);
            hosts[function.Name] = host;
        }

        return hosts;
    }

    private void WireQueues()
    {
        foreach (var queue in Model.Queues)
        {
            var dlq = queue.Name + "-dlq";
            Queues.CreateQueue(dlq, new QueueAttributes { MessageRetentionPeriod = TimeSpan.FromSeconds(queue.DeadLetterRetentionSeconds) });
            Queues.CreateQueue(queue.Name, new QueueAttributes
            {
                VisibilityTimeout = TimeSpan.FromSeconds(queue.VisibilityTimeoutSeconds),
                MessageRetentionPeriod = TimeSpan.FromSeconds(queue.MessageRetentionSeconds),
                RedrivePolicy = new RedrivePolicy(Queues.QueueArn(dlq), queue.MaxReceiveCount),
            });

            // The previous run's poller is gone with its process: what it had received is retried now, not after the visibility timeout.
            if (Queues.ReleaseInFlight(queue.Name) is > 0 and var released)
            {
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Queue {queue.Name}: {released} message(s) received by the previous run are visible again."));
            }

            DeadLetters.AddQueueRedrive(dlq, queue.Name);
            var queueName = queue.Name;
            var consumer = Model.Function(queue.Consumer);
            var trigger = consumer.Triggers.OfType<QueueTrigger>().Single(t => t.QueueName == queue.Name);
            var host = Functions[consumer.Name];
            var poller = new LambdaQueuePoller(
                Queues,
                new EventSourceMapping(queue.Name)
                {
                    BatchSize = trigger.BatchSize,
                    MaximumBatchingWindow = TimeSpan.FromSeconds(trigger.MaximumBatchingWindowSeconds),
                    ReportBatchItemFailures = trigger.ReportBatchItemFailures,
                },
                async (batch, token) =>
                {
                    TraceReceived(queueName, batch);
                    var result = await host.InvokeAsync(Encoding.UTF8.GetBytes(batch.EventJson), new InvocationOptions { TraceId = batch.TraceHeader, WaitForInstance = true }, token);
                    return result.Status == InvocationStatus.Success ? Encoding.UTF8.GetString(result.Payload.Span) : null;
                });
            poller.BatchCompleted += (_, batch) => Traffic.OnBatchCompleted(queueName, batch);
            _pollers.Add(Task.Run(() => poller.RunAsync(_stopping.Token)));
        }
    }

    private void WireRules()
    {
        // What EventBridge's target retry policy allows the rule (infra renders the same numbers).
        var delivery = new RetryPolicy(Platform.Infra.Components.RuleSubscription.DeliveryRetryAttempts, Platform.Infra.Components.RuleSubscription.DeliveryMaximumEventAgeSeconds);
        foreach (var function in Model.Functions)
        {
            foreach (var subscription in function.Triggers.OfType<EventSubscription>())
            {
                var dlq = subscription.RuleName + "-dlq";
                Queues.CreateQueue(dlq);
                var invoker = AsyncInvokerFor(function);
                _bus!.AddRule(BusName, subscription.RuleName, PatternJson(subscription.Pattern), new LambdaEventTarget(invoker, Functions[function.Name].Spec.FunctionArn), delivery, new QueueDeadLetterSink(Queues, dlq));
                DeadLetters.AddRuleTarget(dlq, subscription.RuleName, "function " + function.Name, body => invoker.Enqueue(DeadLetters.Utf8(body)));
            }
        }

        foreach (var queue in Model.Queues)
        {
            var dlq = queue.FedBy.RuleName + "-dlq";
            Queues.CreateQueue(dlq);
            _bus!.AddRule(BusName, queue.FedBy.RuleName, PatternJson(queue.FedBy.Pattern), new QueueEventTarget(Queues, queue.Name, Traces, TimeProvider.System), delivery, new QueueDeadLetterSink(Queues, dlq));
            var target = queue.Name;
            DeadLetters.AddRuleTarget(dlq, queue.FedBy.RuleName, "queue " + target, body =>
            {
                Queues.Send(target, body);
                return DeadLetters.Accepted();
            });
        }
    }

    private void WireSchedules()
    {
        _scheduler = new Scheduler(new SchedulerOptions { Region = Region, Fast = _options.FastSchedules, FastRatePeriod = TimeSpan.FromSeconds(10), FastCronPeriod = TimeSpan.FromSeconds(10) }, TimeProvider.System);
        foreach (var function in Model.Functions)
        {
            foreach (var schedule in function.Triggers.OfType<ScheduleTrigger>())
            {
                var invoker = AsyncInvokerFor(function);
                var ruleName = schedule.RuleName;
                _scheduler.Add(ruleName, ScheduleExpression.Parse(schedule.Expression), (scheduled, _) =>
                {
                    var accepted = invoker.Enqueue(Encoding.UTF8.GetBytes(scheduled.ToJson())).Accepted;
                    Traffic.OnScheduleFired(ruleName, accepted);
                    return Task.CompletedTask;
                });
            }
        }
    }

    /// <summary>The local name of a definition bucket (the deployed one is named by Pulumi).</summary>
    public static string BucketName(string definitionName) => "platform-local-" + definitionName;

    private void WireBuckets()
    {
        var logger = _loggerFactory!.CreateLogger("s3");
        Storage.NotificationFailed += (_, failure) => logger.LogWarning(failure.Exception, "Bucket {Bucket}: notification {Configuration} was not delivered", failure.Bucket, failure.ConfigurationId);
        foreach (var bucket in Model.Buckets)
        {
            var name = BucketName(bucket.Name);
            Storage.EnsureBucket(name);
            Storage.SetVersioning(name, bucket.Versioned);
        }

        foreach (var function in Model.Functions)
        {
            foreach (var trigger in function.Triggers.OfType<StorageTrigger>())
            {
                // As S3 does, the notification invokes the function asynchronously: Lambda's retries and on-failure destination apply.
                var invoker = AsyncInvokerFor(function);
                Storage.AddNotification(
                    BucketName(trigger.Bucket),
                    new NotificationRule { Id = function.Name, Events = trigger.Events, Prefix = trigger.Prefix, Suffix = trigger.Suffix },
                    (notification, _) =>
                    {
                        var result = invoker.Enqueue(notification.ToUtf8Json());
                        Traffic.OnNotificationDelivered(function.Name, result.Accepted);
                        return result.Accepted
                            ? Task.CompletedTask
                            : throw new InvalidOperationException($"Lambda refused the event: {result.Error?.ErrorType} {result.Error?.ErrorMessage}");
                    });
            }
        }
    }

    private readonly Dictionary<string, AsyncInvoker> _asyncInvokers = new(StringComparer.Ordinal);

    private AsyncInvoker AsyncInvokerFor(FunctionDefinition function)
    {
        if (_asyncInvokers.TryGetValue(function.Name, out var existing))
        {
            return existing;
        }

        // The on-failure destination infra renders for every asynchronously invoked function.
        var failures = function.Name + "-failures";
        Queues.CreateQueue(failures);
        var invoker = new AsyncInvoker(
            Functions[function.Name],
            new EventInvokeConfig
            {
                MaximumRetryAttempts = Platform.Infra.Components.PlatformFunction.AsyncRetryAttempts,
                MaximumEventAge = TimeSpan.FromSeconds(Platform.Infra.Components.PlatformFunction.AsyncMaximumEventAgeSeconds),
                RetryDelays = _options.AsyncRetryDelays,
            },
            (record, _) =>
            {
                var trace = Traces.TraceOfRequest(record.RequestId);
                var sent = Queues.Send(failures, Encoding.UTF8.GetString(record.ToJson()), awsTraceHeader: trace);
                Traces.Add(trace, new TraceSpan("dead-letter", failures, record.Timestamp, TimeSpan.Zero, record.Condition.ToString(), $"message id {sent.MessageId}, request id {record.RequestId}, after {record.ApproximateInvokeCount} attempt(s)"));
                return Task.CompletedTask;
            },
            _loggerFactory!.CreateLogger("async." + function.Name),
            TimeProvider.System,
            Path.Combine(_options.StateDirectory, "async", function.Name));
        _invokers.Add(invoker);
        _asyncInvokers[function.Name] = invoker;
        DeadLetters.AddOnFailure(failures, function.Name, payload => invoker.Enqueue(DeadLetters.Utf8(payload)));
        return invoker;
    }

    private async Task StartGatewayAsync()
    {
        var settings = Model.Settings;
        _jwt = LocalJwtIssuer.LoadOrCreate(_options.StateDirectory, settings.JwtIssuer, settings.JwtAudience);
        DevelopmentToken = _jwt.CreateToken("local-developer", ["orders"], TimeSpan.FromDays(30));
        var routes = new List<GatewayRoute>();
        foreach (var function in Model.Functions)
        {
            var host = Functions[function.Name];
            foreach (var route in function.Triggers.OfType<HttpRoute>())
            {
                if (route.Path.StartsWith(AdminApi.Prefix.TrimEnd('/'), StringComparison.Ordinal))
                {
                    throw new StartupException($"The route {route.RouteKey} ({function.Name}) is under {AdminApi.Prefix}, which the runner keeps for its own API and page; rename the route.");
                }

                routes.Add(new GatewayRoute(
                    RouteKey.Parse(route.RouteKey),
                    async (invocation, token) =>
                    {
                        var result = await host.InvokeAsync(invocation.Payload, new InvocationOptions { RequestId = invocation.RequestId, TraceId = invocation.TraceId }, token);
                        return result.Status switch
                        {
                            InvocationStatus.Success => IntegrationResult.Success(result.Payload),
                            InvocationStatus.Throttled => IntegrationResult.Throttled(),
                            _ => IntegrationResult.FunctionError(result.Error?.Body ?? default),
                        };
                    },
                    route.Authorization == Platform.Infra.Definition.RouteAuthorization.Jwt ? GatewayAuthorization.Jwt() : GatewayAuthorization.None));
            }
        }

        var gateway = new HttpApiGateway(new HttpApiGatewayOptions
        {
            Routes = routes,
            JwtIssuer = _jwt,
            Cors = new CorsConfiguration { AllowOrigins = settings.CorsOrigins },
        });
        gateway.RequestCompleted += Traffic.OnRequestCompleted;
        gateway.RequestCompleted += Traces.OnRequestCompleted;
        _page = new PageApi(this);
        var admin = new AdminApi(_bus!, DeadLetters, Storage, _page);
        await StartServerAsync(_options.Port, context => AdminApi.Handles(context) ? admin.HandleAsync(context) : gateway.HandleAsync(context));
    }

    /// <summary>Records each mail sent through the SES endpoint under the trace header the function's SDK sent with it.</summary>
    private async Task TraceEmailAsync(HttpContext context, RequestDelegate ses)
    {
        var trace = context.Request.Headers[TraceHeader.Name].ToString();
        var path = context.Request.Path.Value ?? string.Empty;
        var startedAt = TimeProvider.System.GetUtcNow();
        var started = TimeProvider.System.GetTimestamp();
        await ses(context);
        if (path == SesEndpoint.SendEmailPath)
        {
            Traces.Add(trace, new TraceSpan("email", "SES SendEmail", startedAt, TimeProvider.System.GetElapsedTime(started), context.Response.StatusCode.ToString(CultureInfo.InvariantCulture), "to the outbox"));
        }
    }

    private void TraceReceived(string queueName, QueueBatch batch)
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var group in batch.Messages.GroupBy(message => message.AwsTraceHeader))
        {
            var ids = string.Join(", ", group.Select(message => message.MessageId));
            Traces.Add(group.Key, new TraceSpan("queue-receive", queueName, now, TimeSpan.Zero, "received", $"batch of {batch.Messages.Count}, message id {ids}, receive {group.Max(message => message.ApproximateReceiveCount)}"));
        }
    }

    private async Task StartServerAsync(int port, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync();
        }
        catch (IOException ex)
        {
            throw new StartupException($"Port {port} is already in use; choose another base port with --port.", ex);
        }

        _servers.Add(app);
    }

    private static void EnsurePortFree(string name, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException ex)
        {
            throw new StartupException($"Port {port} ({name}) is already in use; choose another base port with --port (the runner uses it and the next five).", ex);
        }
    }

    private static string PatternJson(Platform.Infra.Definition.EventPattern pattern) =>
        JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>>
        {
            ["source"] = pattern.Source,
            ["detail-type"] = pattern.DetailType,
        });

    /// <summary>What a developer needs on the console: endpoints, routes, rules, schedules, a token and a curl.</summary>
    public void PrintSummary(TextWriter output, string? demoCustomerId)
    {
        output.WriteLine();
        output.WriteLine($"Order platform running locally (stack {_options.Stack}, state in {_options.StateDirectory})");
        output.WriteLine($"  HTTP API     {GatewayUrl.ToString().TrimEnd('/')}");
        output.WriteLine($"  EventBridge  http://127.0.0.1:{_options.EventBridgePort}");
        output.WriteLine($"  SQS          http://127.0.0.1:{_options.SqsPort}");
        output.WriteLine($"  SES          http://127.0.0.1:{_options.SesPort}  (outbox: {Outbox.Directory})");
        output.WriteLine($"  DynamoDB     {_dynalite!.Endpoint.ToString().TrimEnd('/')}  (dynalite, table {TableName})");
        output.WriteLine($"  S3           http://127.0.0.1:{_options.S3Port}  (path-style; buckets {string.Join(", ", Model.Buckets.Select(b => BucketName(b.Name)))})");
        output.WriteLine($"  Web page     {PageUrl}  (functions, events, queues, outbox, architecture, controls)");
        output.WriteLine("Routes:");
        foreach (var function in Model.Functions)
        {
            foreach (var route in function.Triggers.OfType<HttpRoute>())
            {
                output.WriteLine($"  {route.RouteKey,-22} → {function.Name}{(route.Authorization == Platform.Infra.Definition.RouteAuthorization.Jwt ? "  (JWT)" : string.Empty)}");
            }
        }

        output.WriteLine("Rules:");
        foreach (var function in Model.Functions)
        {
            foreach (var subscription in function.Triggers.OfType<EventSubscription>())
            {
                output.WriteLine($"  {subscription.RuleName,-36} {string.Join(", ", subscription.Pattern.DetailType)} → {function.Name}");
            }
        }

        foreach (var queue in Model.Queues)
        {
            output.WriteLine($"  {queue.FedBy.RuleName,-36} {string.Join(", ", queue.FedBy.Pattern.DetailType)} → queue {queue.Name} → {queue.Consumer}");
        }

        output.WriteLine("Schedules:");
        foreach (var function in Model.Functions)
        {
            foreach (var schedule in function.Triggers.OfType<ScheduleTrigger>())
            {
                output.WriteLine($"  {schedule.RuleName,-36} {schedule.Expression} → {function.Name}{(_options.FastSchedules ? "  (fast)" : string.Empty)}");
            }
        }

        output.WriteLine("Bucket notifications:");
        foreach (var function in Model.Functions)
        {
            foreach (var trigger in function.Triggers.OfType<StorageTrigger>())
            {
                output.WriteLine($"  {BucketName(trigger.Bucket) + "/" + trigger.Prefix + "*",-36} {string.Join(", ", trigger.Events)} → {function.Name}");
            }
        }

        output.WriteLine("Development token (signed by the local key; valid 30 days):");
        output.WriteLine($"  export TOKEN={DevelopmentToken}");
        if (demoCustomerId is not null)
        {
            output.WriteLine("Place an order:");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  curl -s -X POST {GatewayUrl}orders -H \"authorization: Bearer $TOKEN\" -H 'content-type: application/json' -H \"idempotency-key: $(date +%s)\" -d '{{\"customerId\":\"{demoCustomerId}\",\"items\":[{{\"sku\":\"DEMO-1\",\"quantity\":1}}],\"paymentMethod\":\"pm_card_visa\"}}'"));
        }

        output.WriteLine("Ctrl+C stops everything.");
    }

    /// <summary>A demo customer and product so the printed curl works on a fresh state; kept across restarts.</summary>
    public async Task<string> SeedDemoDataAsync(CancellationToken cancellationToken)
    {
        var seedFile = Path.Combine(_options.StateDirectory, "demo-customer-id");
        using var dynamo = _dynalite!.CreateClient();
        var time = TimeProvider.System;
        var users = new DynamoDbUserStore(dynamo, TableName, time);
        if (File.Exists(seedFile) && await users.GetAsync((await File.ReadAllTextAsync(seedFile, cancellationToken)).Trim(), cancellationToken) is { } existing)
        {
            return DemoCustomerId = existing.Id;
        }

        var ids = new Platform.Functions.Shared.Domain.Common.RandomIdGenerator(time);
        var now = time.GetUtcNow();
        var user = new Platform.Functions.Shared.Domain.Users.User(ids.NewId("usr"), $"demo+{now.ToUnixTimeSeconds()}@example.com", "Demo Customer", now, now, 1);
        await users.CreateAsync(user, cancellationToken);
        var products = new DynamoDbProductStore(dynamo, TableName, time);
        if (await products.GetAsync("DEMO-1", cancellationToken) is null)
        {
            await products.PutAsync(new Platform.Functions.Shared.Domain.Catalogue.Product("DEMO-1", "Demo product", 1999, 100, now), cancellationToken);
        }

        await File.WriteAllTextAsync(seedFile, user.Id, cancellationToken);
        return DemoCustomerId = user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
        }

        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                await server.StopAsync(timeout.Token);
            }

            await server.DisposeAsync();
        }

        try
        {
            await Task.WhenAll(_pollers);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var invoker in _invokers)
        {
            await invoker.DisposeAsync();
        }

        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (Storage is not null)
        {
            await Storage.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }

        _page?.Dispose();
        _jwt?.Dispose();
        _loggerFactory?.Dispose();
        _stopping.Dispose();
    }
}
