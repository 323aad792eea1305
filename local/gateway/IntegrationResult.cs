namespace Platform.Local.Gateway;

/// <summary>What a Lambda integration answered: a response payload, a function error, a throttle or a timeout.</summary>
public sealed class IntegrationResult
{
    private IntegrationResult(IntegrationOutcome outcome, ReadOnlyMemory<byte> payload)
    {
        Outcome = outcome;
        Payload = payload;
    }

    /// <summary>What happened.</summary>
    public IntegrationOutcome Outcome { get; }

    /// <summary>The function's response (for <see cref="IntegrationOutcome.Success"/>) or error document.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The function returned <paramref name="payload"/> (its JSON response).</summary>
    public static IntegrationResult Success(ReadOnlyMemory<byte> payload) => new(IntegrationOutcome.Success, payload);

    /// <summary>The function failed (an unhandled error or a crash); <paramref name="errorDocument"/> is optional.</summary>
    public static IntegrationResult FunctionError(ReadOnlyMemory<byte> errorDocument = default) => new(IntegrationOutcome.FunctionError, errorDocument);

    /// <summary>Lambda refused the invocation because the function is at its concurrency limit.</summary>
    public static IntegrationResult Throttled() => new(IntegrationOutcome.Throttled, default);

    /// <summary>The function ran past its own configured timeout.</summary>
    public static IntegrationResult Timeout() => new(IntegrationOutcome.Timeout, default);
}

/// <summary>The kind of <see cref="IntegrationResult"/>.</summary>
public enum IntegrationOutcome
{
    /// <summary>The function returned a response.</summary>
    Success,

    /// <summary>The function failed.</summary>
    FunctionError,

    /// <summary>Lambda throttled the invocation.</summary>
    Throttled,

    /// <summary>The function timed out.</summary>
    Timeout,
}
