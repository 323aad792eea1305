namespace Platform.Local.Lambda;

/// <summary>Lambda's invocation payload limits.</summary>
/// <remarks>
/// Source: AWS Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 6 MB each for the request
/// and the response of a synchronous invocation. The asynchronous limit was raised from 256 KB to 1 MB in October 2025 ("AWS Lambda
/// increases maximum payload size from 256 KB to 1 MB for asynchronous invocations", AWS What's New, and the AWS Compute Blog post
/// "More room to build: serverless services now support payloads up to 1 MB", January 2026).
/// </remarks>
public static class PayloadLimits
{
    /// <summary>The largest request and response of a synchronous invocation, in bytes (6 MB).</summary>
    public const int Synchronous = 6 * 1024 * 1024;

    /// <summary>The largest request of an asynchronous invocation, in bytes (1 MB).</summary>
    public const int Asynchronous = 1024 * 1024;

    /// <summary>The largest response a function may post, whatever the invocation type, in bytes.</summary>
    public const int Response = Synchronous;

    /// <summary>The request limit for an invocation type.</summary>
    /// <param name="type">The invocation type.</param>
    public static int RequestLimit(InvocationType type) => type == InvocationType.Event ? Asynchronous : Synchronous;
}
