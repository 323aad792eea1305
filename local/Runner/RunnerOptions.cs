namespace Platform.Local.Runner;

/// <summary>How the local platform is started.</summary>
internal sealed record RunnerOptions
{
    /// <summary>The HTTP API's port; the AWS endpoints take the next five (EventBridge, SQS, SES, DynamoDB, S3).</summary>
    public int Port { get; init; } = 3000;

    /// <summary>The repository root (the folder with Platform.sln).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The folder the functions are built from (its <c>functions/</c>, Directory.*.props and global.json); null means the repository root.</summary>
    /// <remarks>Tests point it at a copy, so that watch mode can be driven by editing sources without touching the repository's.</remarks>
    public string? SourceRoot { get; init; }

    /// <summary>Where state lives between runs: the table, queues, outbox, JWT key and builds.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Start from empty state.</summary>
    public bool Reset { get; init; }

    /// <summary>Fire schedules every few seconds instead of at their real times.</summary>
    public bool FastSchedules { get; init; }

    /// <summary>Run JIT builds (<c>dotnet build</c>) instead of the Native AOT binaries: faster to build, slower to start.</summary>
    public bool Jit { get; init; }

    /// <summary>Watch the functions' sources and rebuild (JIT) and swap in a function whose source changed.</summary>
    public bool Watch { get; init; }

    /// <summary>How long the sources must be quiet after a change before watch mode rebuilds.</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Lambda's asynchronous retry delays (1 and 2 minutes on AWS); tests shorten them.</summary>
    public IReadOnlyList<TimeSpan> AsyncRetryDelays { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    /// <summary>The stack whose settings the platform runs with (Pulumi.&lt;stack&gt;.yaml).</summary>
    public string Stack { get; init; } = "dev";

    /// <summary>The stack settings file, when not Pulumi.&lt;stack&gt;.yaml in the repository (Pulumi's <c>--config-file</c>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The folder the functions are built from.</summary>
    public string FunctionSourceRoot => SourceRoot ?? RepositoryRoot;

    /// <summary>The EventBridge, SQS, SES, DynamoDB and S3 ports.</summary>
    public int EventBridgePort => Port + 1;

    public int SqsPort => Port + 2;

    public int SesPort => Port + 3;

    public int DynamoDbPort => Port + 4;

    public int S3Port => Port + 5;
}
