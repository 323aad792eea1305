using System.Net;

namespace Platform.Functions.Shared.Utilities;

/// <summary>An AWS service answered a request with an error status.</summary>
public sealed class AwsServiceException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public AwsServiceException()
        : this("The AWS service returned an error.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public AwsServiceException(string message)
        : base(message)
    {
        ErrorType = "Unknown";
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "Unknown";
    }

    /// <summary>Creates an exception from an AWS error response.</summary>
    public AwsServiceException(string operation, HttpStatusCode statusCode, string errorType, string? errorMessage, string? requestId)
        : base(FormatMessage(operation, statusCode, errorType, errorMessage, requestId))
    {
        Operation = operation;
        StatusCode = statusCode;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        RequestId = requestId;
    }

    /// <summary>The failed operation, e.g. <c>EventBridge.PutEvents</c>.</summary>
    public string? Operation { get; }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>AWS's error type without namespace, e.g. <c>ValidationException</c>.</summary>
    public string ErrorType { get; }

    /// <summary>AWS's error message, if the response carried one.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The AWS request id, for support cases and log correlation.</summary>
    public string? RequestId { get; }

    private static string FormatMessage(string operation, HttpStatusCode statusCode, string errorType, string? errorMessage, string? requestId) =>
        $"{operation} failed with HTTP {(int)statusCode} {errorType}: {errorMessage ?? "(no message)"}"
        + (requestId is null ? string.Empty : $" (request id {requestId})");
}
