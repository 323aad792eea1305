namespace Platform.Local.Lambda;

/// <summary>One finished invocation of a function, for the runner's traces.</summary>
/// <param name="FunctionName">The function invoked.</param>
/// <param name="Type">Synchronous or asynchronous.</param>
/// <param name="StartedAt">When the invocation was asked for (before waiting for or starting an instance).</param>
/// <param name="Result">How it ended, with its request id, trace id, duration and cold start.</param>
public sealed record FunctionInvocation(string FunctionName, InvocationType Type, DateTimeOffset StartedAt, InvocationResult Result);
