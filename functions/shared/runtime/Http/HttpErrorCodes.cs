namespace Platform.Functions.Shared.Runtime.Http;

/// <summary>The error codes of the platform's JSON error bodies.</summary>
public static class HttpErrorCodes
{
    /// <summary>The body is missing, malformed or not valid JSON.</summary>
    public const string InvalidBody = "invalid_body";

    /// <summary>The body parsed but failed validation; see the fields.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>The Content-Type is not application/json.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The body is larger than the operation accepts.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The resource does not exist.</summary>
    public const string NotFound = "not_found";

    /// <summary>The request conflicts with the resource's current state.</summary>
    public const string Conflict = "conflict";

    /// <summary>An unexpected error; details are in the logs, never in the response.</summary>
    public const string InternalError = "internal_error";
}
