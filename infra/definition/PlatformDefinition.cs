using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Events;

namespace Platform.Infra.Definition;

/// <summary>The whole platform for one stack: functions with their triggers, the payments queue, the bucket, the table and the bus.</summary>
public sealed record PlatformModel
{
    public required StackSettings Settings { get; init; }
    public required IReadOnlyList<FunctionDefinition> Functions { get; init; }
    public required IReadOnlyList<QueueDefinition> Queues { get; init; }

    /// <summary>The platform's S3 buckets; <see cref="StorageTrigger"/> and <see cref="ObjectAccess"/> name them.</summary>
    public required IReadOnlyList<BucketDefinition> Buckets { get; init; }

    public required TableDefinition Table { get; init; }

    /// <summary>The function with this name.</summary>
    public FunctionDefinition Function(string name) =>
        Functions.SingleOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"No function named '{name}'.");

    /// <summary>The bucket with this name.</summary>
    public BucketDefinition Bucket(string name) =>
        Buckets.SingleOrDefault(b => b.Name == name) ?? throw new KeyNotFoundException($"No bucket named '{name}'.");
}

/// <summary>The single DynamoDB table's key schema, as <see cref="PlatformTable"/> defines it.</summary>
public sealed record TableDefinition(string PartitionKey, string SortKey, string IndexName, string IndexPartitionKey, string IndexSortKey, string TimeToLiveAttribute);

/// <summary>Builds the <see cref="PlatformModel"/> from a stack's settings.</summary>
public static class PlatformDefinition
{
    /// <summary>How often stale pending orders are expired.</summary>
    public const string ExpirySchedule = "rate(15 minutes)";

    /// <summary>
    /// How long one catalogue import may run: one conditional write per row, so a file near the size limit needs minutes, not
    /// the worker timeout's seconds. A file that still cannot finish fails into the on-failure queue and its retry resumes.
    /// </summary>
    public const int ImportTimeoutSeconds = 300;

    /// <summary>The payments queue's name.</summary>
    public const string PaymentsQueue = "payments";

    /// <summary>The bucket catalogue files are uploaded to and import reports are written to.</summary>
    public const string CatalogueBucket = "catalogue";

    /// <summary>Catalogue files are uploaded under this prefix; creating an object here starts an import.</summary>
    public const string ImportsPrefix = "imports/";

    /// <summary>Import reports are written under this prefix (never under <see cref="ImportsPrefix"/>, so a report cannot start an import).</summary>
    public const string ReportsPrefix = "reports/";

    /// <summary>How long import reports are kept.</summary>
    public const int ReportExpiryDays = 30;

    /// <summary>How long an overwritten or deleted object's previous version is kept.</summary>
    public const int NoncurrentVersionExpiryDays = 30;

    /// <summary>After this many days an unfinished multipart upload is aborted.</summary>
    public const int IncompleteUploadExpiryDays = 7;

    /// <summary>The S3 event type that starts an import: any way of creating an object (Put, Post, Copy, CompleteMultipartUpload).</summary>
    public const string ObjectCreatedEvents = "s3:ObjectCreated:*";

    private static readonly string[] ReadMethods = ["GET"];

    /// <summary>The platform for <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names its config key.</exception>
    public static PlatformModel Build(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);

        var api = settings.ApiTimeoutSeconds;
        var worker = settings.WorkerTimeoutSeconds;
        EnvironmentVariable table = new("TABLE_NAME", new TableNameValue());
        EnvironmentVariable bus = new("EVENT_BUS_NAME", new EventBusNameValue());
        EnvironmentVariable sender = new("EMAIL_SENDER", new SettingValue(SettingKeys.SenderEmail, settings.SenderEmail));
        TableAction[] readOnly = [TableAction.GetItem];

        FunctionDefinition Function(string name, string group, int timeout, IReadOnlyList<EnvironmentVariable> environment, FunctionAccess access, params Trigger[] triggers) => new()
        {
            Name = name,
            ProjectPath = $"functions/{group}/{name}",
            MemorySize = settings.MemorySize,
            TimeoutSeconds = timeout,
            ReservedConcurrency = settings.ReservedConcurrency,
            Environment = environment,
            Access = access,
            Triggers = triggers,
        };

        HttpRoute Route(string method, string path) => new(method, path, IsPublic(settings, method, path) ? RouteAuthorization.Public : RouteAuthorization.Jwt);

        var paymentsConsumer = Function("process-payment", "order-functions", worker,
            [table, bus, new("PAYMENT_PROVIDER", new LiteralValue("simulator"))],
            new FunctionAccess { Table = [TableAction.GetItem, TableAction.UpdateItem], PutsEvents = true },
            new QueueTrigger(PaymentsQueue, BatchSize: 10, MaximumBatchingWindowSeconds: 5, ReportBatchItemFailures: true));

        FunctionDefinition[] functions =
        [
            Function("create-user", "user-functions", api, [table],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.PutItem, TableAction.DeleteItem] },
                Route("POST", "/users")),
            Function("get-user", "user-functions", api, [table],
                new FunctionAccess { Table = readOnly },
                Route("GET", "/users/{id}")),
            Function("update-user", "user-functions", api, [table],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.PutItem, TableAction.DeleteItem] },
                Route("PATCH", "/users/{id}")),
            Function("put-product", "catalogue-functions", api, [table, bus],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.UpdateItem], PutsEvents = true },
                Route("PUT", "/products/{sku}")),
            Function("import-catalogue", "catalogue-functions", Math.Max(worker, ImportTimeoutSeconds),
                [table, bus, new("MAX_IMPORT_BYTES", new SettingValue(SettingKeys.MaxImportBytes, Invariant(settings.MaxImportBytes)))],
                new FunctionAccess
                {
                    Table = [TableAction.GetItem, TableAction.PutItem, TableAction.UpdateItem],
                    PutsEvents = true,
                    Objects =
                    [
                        new ObjectAccess(CatalogueBucket, ObjectAction.GetObject, ImportsPrefix),
                        new ObjectAccess(CatalogueBucket, ObjectAction.ListBucket, ImportsPrefix),
                        new ObjectAccess(CatalogueBucket, ObjectAction.PutObject, ReportsPrefix),
                    ],
                },
                new StorageTrigger(CatalogueBucket, [ObjectCreatedEvents], ImportsPrefix, Suffix: null)),
            Function("create-order", "order-functions", api, [table, bus],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.BatchGetItem, TableAction.PutItem, TableAction.UpdateItem], PutsEvents = true },
                Route("POST", "/orders")),
            Function("get-order", "order-functions", api, [table],
                new FunctionAccess { Table = readOnly },
                Route("GET", "/orders/{id}")),
            paymentsConsumer,
            Function("send-confirmation", "order-functions", worker, [table, sender],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.PutItem, TableAction.UpdateItem, TableAction.DeleteItem], SendsEmail = true },
                Subscription("send-confirmation-on-payment", EventContracts.PaymentProcessed, EventContracts.PaymentFailed)),
            Function("expire-orders", "order-functions", worker,
                [table, new("PENDING_ORDER_MAX_AGE_MINUTES", new SettingValue(SettingKeys.PendingOrderMaxAgeMinutes, Invariant(settings.PendingOrderMaxAgeMinutes)))],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.Query, TableAction.UpdateItem], QueriesIndex = true },
                new ScheduleTrigger("expire-orders-schedule", ExpirySchedule)),
            Function("order-created", "event-handlers", worker, [table, sender],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.PutItem, TableAction.UpdateItem, TableAction.DeleteItem], SendsEmail = true },
                Subscription("order-created-to-handler", EventContracts.OrderCreated)),
            Function("payment-processed", "event-handlers", worker, [table, bus],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.BatchGetItem, TableAction.UpdateItem], PutsEvents = true },
                Subscription("payment-processed-to-handler", EventContracts.PaymentProcessed)),
            Function("inventory-updated", "event-handlers", worker,
                [
                    table,
                    sender,
                    new("OPERATIONS_EMAIL", new SettingValue(SettingKeys.OperationsEmail, settings.OperationsEmail)),
                    new("LOW_STOCK_THRESHOLD", new SettingValue(SettingKeys.LowStockThreshold, Invariant(settings.LowStockThreshold))),
                ],
                new FunctionAccess { Table = [TableAction.GetItem, TableAction.UpdateItem], SendsEmail = true },
                Subscription("inventory-updated-to-handler", EventContracts.InventoryUpdated)),
        ];

        var routeKeys = functions.SelectMany(f => f.Triggers.OfType<HttpRoute>()).Select(r => r.RouteKey).ToHashSet(StringComparer.Ordinal);
        var unknown = settings.PublicReadRoutes.Where(r => !routeKeys.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{SettingKeys.Qualified(SettingKeys.PublicReadRoutes)}: no such route: {string.Join(", ", unknown)} (routes: {string.Join(", ", routeKeys.Order(StringComparer.Ordinal))}).");
        }

        QueueDefinition payments = new()
        {
            Name = PaymentsQueue,
            FedBy = Subscription("order-created-to-payments", EventContracts.OrderCreated),
            Consumer = paymentsConsumer.Name,
            // AWS's guidance for Lambda consumers: at least six times the function timeout, so retries of a batch do not overlap.
            VisibilityTimeoutSeconds = 6 * paymentsConsumer.TimeoutSeconds,
            MessageRetentionSeconds = (int)TimeSpan.FromDays(4).TotalSeconds,
            MaxReceiveCount = 5,
            DeadLetterRetentionSeconds = (int)TimeSpan.FromDays(14).TotalSeconds,
        };

        BucketDefinition catalogue = new()
        {
            Name = CatalogueBucket,
            Versioned = true,
            Expirations = [new ObjectExpiry(ReportsPrefix, ReportExpiryDays)],
            NoncurrentVersionExpiryDays = NoncurrentVersionExpiryDays,
            IncompleteUploadExpiryDays = IncompleteUploadExpiryDays,
        };

        return new PlatformModel
        {
            Settings = settings,
            Functions = functions,
            Queues = [payments],
            Buckets = [catalogue],
            Table = new TableDefinition(
                PlatformTable.PartitionKey,
                PlatformTable.SortKey,
                PlatformTable.Gsi1Name,
                PlatformTable.Gsi1PartitionKey,
                PlatformTable.Gsi1SortKey,
                PlatformTable.TimeToLiveAttribute),
        };
    }

    private static EventSubscription Subscription(string ruleName, params EventContract[] contracts) =>
        new(ruleName, new EventPattern(
            [.. contracts.Select(c => c.Source).Distinct(StringComparer.Ordinal)],
            [.. contracts.Select(c => c.DetailType)]));

    private static bool IsPublic(StackSettings settings, string method, string path) =>
        settings.PublicReadRoutes.Contains(method + " " + path, StringComparer.Ordinal);

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Validate(StackSettings settings)
    {
        static void Require(bool condition, string key, string message)
        {
            if (!condition)
            {
                throw new ArgumentException($"{SettingKeys.Qualified(key)}: {message}");
            }
        }

        Require(settings.MemorySize is >= 128 and <= 10240, SettingKeys.MemorySize, "must be between 128 and 10240 (MB).");
        // API Gateway HTTP APIs wait at most 30 s for an integration.
        Require(settings.ApiTimeoutSeconds is >= 1 and <= 29, SettingKeys.ApiTimeoutSeconds, "must be between 1 and 29 (seconds).");
        Require(settings.WorkerTimeoutSeconds is >= 1 and <= 900, SettingKeys.WorkerTimeoutSeconds, "must be between 1 and 900 (seconds).");
        Require(settings.ReservedConcurrency >= -1, SettingKeys.ReservedConcurrency, "must be -1 (unreserved) or at least 0.");
        Require(ValidRetentionDays.Contains(settings.LogRetentionDays), SettingKeys.LogRetentionDays, "must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …).");
        Require(settings.LogLevel is "TRACE" or "DEBUG" or "INFO" or "WARN" or "ERROR" or "FATAL", SettingKeys.LogLevel, "must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL.");
        Require(!string.IsNullOrWhiteSpace(settings.AlarmEmail), SettingKeys.AlarmEmail, "is required: alarms must reach someone.");
        Require(settings.AlarmDurationPercent is >= 1 and <= 100, SettingKeys.AlarmDurationPercent, "must be between 1 and 100 (percent of the timeout).");
        Require(settings.ApiThrottlingBurstLimit > 0 && settings.ApiThrottlingRateLimit > 0, SettingKeys.ApiThrottlingBurstLimit, "burst and rate limits must be positive.");
        // Every route that is not a declared public read is JWT-protected, so no stack renders without an issuer.
        Require(settings.JwtIssuer.StartsWith("https://", StringComparison.Ordinal), SettingKeys.JwtIssuer, "is required: set the https:// issuer of the tokens the API accepts (pulumi config set platform:jwtIssuer https://…).");
        Require(!string.IsNullOrWhiteSpace(settings.JwtAudience), SettingKeys.JwtAudience, "is required.");
        Require(settings.CorsOrigins.All(o => o.StartsWith("https://", StringComparison.Ordinal) || o.StartsWith("http://localhost", StringComparison.Ordinal)), SettingKeys.CorsOrigins, "origins must be https:// (or http://localhost for development); '*' is not allowed.");
        Require(settings.PublicReadRoutes.All(r => ReadMethods.Any(m => r.StartsWith(m + " ", StringComparison.Ordinal))), SettingKeys.PublicReadRoutes, "only GET routes may be public.");
        Require(!string.IsNullOrWhiteSpace(settings.SenderEmail), SettingKeys.SenderEmail, "is required.");
        Require(!string.IsNullOrWhiteSpace(settings.OperationsEmail), SettingKeys.OperationsEmail, "is required.");
        Require(settings.LowStockThreshold >= 0, SettingKeys.LowStockThreshold, "must not be negative.");
        Require(settings.PendingOrderMaxAgeMinutes > 0, SettingKeys.PendingOrderMaxAgeMinutes, "must be positive.");
        // A file above 1 GiB could not be streamed through row-by-row conditional writes within Lambda's 15-minute limit anyway.
        Require(settings.MaxImportBytes is >= MinImportBytes and <= MaxImportBytesLimit, SettingKeys.MaxImportBytes, $"must be between {MinImportBytes} and {MaxImportBytesLimit} (bytes: 1 KiB to 1 GiB).");
    }

    private const int MinImportBytes = 1024;
    private const int MaxImportBytesLimit = 1024 * 1024 * 1024;

    private static readonly HashSet<int> ValidRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
}
