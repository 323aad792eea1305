namespace Platform.Local.Queues;

/// <summary>An SQS error: <see cref="Code"/> is the error name the JSON protocol reports (for example <c>QueueDoesNotExist</c>).</summary>
public sealed class QueueException : Exception
{
    /// <summary>An internal error.</summary>
    public QueueException()
        : this("InternalError", "An internal error occurred.")
    {
    }

    /// <summary>An <c>InvalidParameterValue</c> error.</summary>
    public QueueException(string message)
        : this("InvalidParameterValue", message)
    {
    }

    /// <summary>An internal error with its cause.</summary>
    public QueueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
    }

    /// <summary>An error of the given SQS error name.</summary>
    public QueueException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The error name, as in <c>__type</c> after the <c>#</c>.</summary>
    public string Code { get; }
}
