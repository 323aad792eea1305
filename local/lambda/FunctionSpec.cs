namespace Platform.Local.Lambda;

/// <summary>One function as the local runner starts it: the deployed executable, its configuration and its limits.</summary>
public sealed record FunctionSpec
{
    /// <summary>The function name (AWS_LAMBDA_FUNCTION_NAME and the last part of its ARN).</summary>
    public required string Name { get; init; }

    /// <summary>The executable to start for each instance (a function's <c>bootstrap</c>).</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Arguments passed to the executable.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The function's environment as deployed, plus the local endpoint URLs; the Lambda variables are added by the host.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The configured memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE).</summary>
    public int MemoryMb { get; init; } = 128;

    /// <summary>The configured timeout; past it the instance is killed and the invocation fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The most instances that run at once; null means <see cref="DefaultConcurrency"/>.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>The region the function believes it runs in (AWS_REGION).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id used in the function's ARN.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The concurrency of a function without reserved concurrency: a local machine, not an account's 1,000.</summary>
    public const int DefaultConcurrency = 10;

    /// <summary>The function's ARN, as the Runtime API reports it in Lambda-Runtime-Invoked-Function-Arn.</summary>
    public string FunctionArn => $"arn:aws:lambda:{Region}:{AccountId}:function:{Name}";

    /// <summary>The concurrency limit in force.</summary>
    public int ConcurrencyLimit => ReservedConcurrency ?? DefaultConcurrency;
}
