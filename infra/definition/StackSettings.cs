namespace Platform.Infra.Definition;

/// <summary>The instruction set the functions are built for and run on.</summary>
public enum Architecture
{
    X64,
    Arm64,
}

/// <summary>Everything that differs between stacks (dev, prod), read from the stack's <c>platform:*</c> config.</summary>
/// <remarks>The defaults are the dev stack's values, so a render with no stack config still produces a complete program.</remarks>
public sealed record StackSettings
{
    public Architecture Architecture { get; init; } = Architecture.X64;
    public int MemorySize { get; init; } = 256;
    public int ApiTimeoutSeconds { get; init; } = 10;
    public int WorkerTimeoutSeconds { get; init; } = 30;
    public int ReservedConcurrency { get; init; } = 5;
    public string LogLevel { get; init; } = "INFO";
    public int LogRetentionDays { get; init; } = 14;
    public string AlarmEmail { get; init; } = "platform-dev-alarms@example.com";
    public int AlarmErrorThreshold { get; init; } = 5;
    public int AlarmThrottleThreshold { get; init; } = 1;
    public int AlarmDurationPercent { get; init; } = 80;
    public int AlarmApi5xxThreshold { get; init; } = 5;
    public bool TableDeletionProtection { get; init; }
    public bool TablePointInTimeRecovery { get; init; }
    public int ApiThrottlingBurstLimit { get; init; } = 50;
    public int ApiThrottlingRateLimit { get; init; } = 25;
    public string JwtIssuer { get; init; } = "https://auth.dev.example.com/";
    public string JwtAudience { get; init; } = "platform-api";
    public IReadOnlyList<string> CorsOrigins { get; init; } = ["http://localhost:3000"];
    public IReadOnlyList<string> PublicReadRoutes { get; init; } = [];
    public string SenderEmail { get; init; } = "orders@dev.example.com";
    public string OperationsEmail { get; init; } = "operations@dev.example.com";
    public int LowStockThreshold { get; init; } = 5;
    public int PendingOrderMaxAgeMinutes { get; init; } = 60;

    /// <summary>Catalogue files larger than this are rejected with a report instead of imported (50 MiB by default).</summary>
    public int MaxImportBytes { get; init; } = 50 * 1024 * 1024;

    /// <summary>The dev stack's values.</summary>
    public static StackSettings Defaults { get; } = new();
}

/// <summary>The config keys of <see cref="StackSettings"/>, as written in Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml.</summary>
public static class SettingKeys
{
    public const string Namespace = "platform";
    public const string Architecture = "architecture";
    public const string MemorySize = "memorySize";
    public const string ApiTimeoutSeconds = "apiTimeoutSeconds";
    public const string WorkerTimeoutSeconds = "workerTimeoutSeconds";
    public const string ReservedConcurrency = "reservedConcurrency";
    public const string LogLevel = "logLevel";
    public const string LogRetentionDays = "logRetentionDays";
    public const string AlarmEmail = "alarmEmail";
    public const string AlarmErrorThreshold = "alarmErrorThreshold";
    public const string AlarmThrottleThreshold = "alarmThrottleThreshold";
    public const string AlarmDurationPercent = "alarmDurationPercent";
    public const string AlarmApi5xxThreshold = "alarmApi5xxThreshold";
    public const string TableDeletionProtection = "tableDeletionProtection";
    public const string TablePointInTimeRecovery = "tablePointInTimeRecovery";
    public const string ApiThrottlingBurstLimit = "apiThrottlingBurstLimit";
    public const string ApiThrottlingRateLimit = "apiThrottlingRateLimit";
    public const string JwtIssuer = "jwtIssuer";
    public const string JwtAudience = "jwtAudience";
    public const string CorsOrigins = "corsOrigins";
    public const string PublicReadRoutes = "publicReadRoutes";
    public const string SenderEmail = "senderEmail";
    public const string OperationsEmail = "operationsEmail";
    public const string LowStockThreshold = "lowStockThreshold";
    public const string PendingOrderMaxAgeMinutes = "pendingOrderMaxAgeMinutes";
    public const string MaxImportBytes = "maxImportBytes";

    /// <summary>The fully qualified key, e.g. <c>platform:memorySize</c>.</summary>
    public static string Qualified(string key) => Namespace + ":" + key;
}
