using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Platform.Functions.Shared.Runtime.Internal;

namespace Platform.Functions.Shared.Runtime.Logging;

/// <summary>Writes JSON log lines (timestamp, level, message, requestId, fields) with secrets and e-mail addresses redacted.</summary>
/// <remarks>
/// Field names that look sensitive (authorization, token, password, secret, cookie, email, body…) are written as
/// <c>"[redacted]"</c>, and e-mail addresses inside the message and string values are masked. Never pass request or
/// response bodies: log identifiers and counts instead.
/// </remarks>
public sealed class JsonLogger
{
    /// <summary>The environment variable Lambda sets to the function's minimum log level.</summary>
    public const string LogLevelVariable = "AWS_LAMBDA_LOG_LEVEL";

    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a logger that writes to <paramref name="output"/> (stdout in Lambda).</summary>
    /// <param name="output">Where the JSON lines go; writes are synchronised.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    /// <param name="minimumLevel">Lines below this level are dropped.</param>
    public JsonLogger(TextWriter output, TimeProvider timeProvider, LogLevel minimumLevel = LogLevel.Info)
        : this(TextWriter.Synchronized(output ?? throw new ArgumentNullException(nameof(output))), timeProvider, minimumLevel, requestId: null)
    {
    }

    private JsonLogger(TextWriter output, TimeProvider timeProvider, LogLevel minimumLevel, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _output = output;
        _timeProvider = timeProvider;
        MinimumLevel = minimumLevel;
        RequestId = requestId;
    }

    /// <summary>The lowest level that is written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>The request id written on every line, or null outside an invocation.</summary>
    public string? RequestId { get; }

    /// <summary>Parses an <c>AWS_LAMBDA_LOG_LEVEL</c> value (TRACE, DEBUG, INFO, WARN, ERROR, FATAL; case-insensitive), defaulting to <see cref="LogLevel.Info"/>.</summary>
    /// <param name="value">The variable's value, or null.</param>
    public static LogLevel ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warn,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Fatal,
        _ => LogLevel.Info,
    };

    /// <summary>Returns a logger that writes the same output with <paramref name="requestId"/> on every line.</summary>
    /// <param name="requestId">The invocation's request id.</param>
    public JsonLogger WithRequestId(string requestId) => new(_output, _timeProvider, MinimumLevel, requestId);

    /// <summary>Whether lines at <paramref name="level"/> are written.</summary>
    /// <param name="level">The level to test.</param>
    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    /// <summary>Writes a TRACE line.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="fields">Structured fields.</param>
    public void Trace(string message, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Trace, message, null, fields);

    /// <summary>Writes a DEBUG line.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="fields">Structured fields.</param>
    public void Debug(string message, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Debug, message, null, fields);

    /// <summary>Writes an INFO line.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="fields">Structured fields.</param>
    public void Info(string message, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Info, message, null, fields);

    /// <summary>Writes a WARN line.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="fields">Structured fields.</param>
    public void Warn(string message, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Warn, message, null, fields);

    /// <summary>Writes a WARN line with an exception's type, message and stack trace.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="exception">The exception, or null.</param>
    /// <param name="fields">Structured fields.</param>
    public void Warn(string message, Exception? exception, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Warn, message, exception, fields);

    /// <summary>Writes an ERROR line.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="fields">Structured fields.</param>
    public void Error(string message, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Error, message, null, fields);

    /// <summary>Writes an ERROR line with an exception's type, message and stack trace.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="exception">The exception, or null.</param>
    /// <param name="fields">Structured fields.</param>
    public void Error(string message, Exception? exception, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Error, message, exception, fields);

    /// <summary>Writes a FATAL line with an exception's type, message and stack trace.</summary>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="exception">The exception, or null.</param>
    /// <param name="fields">Structured fields.</param>
    public void Fatal(string message, Exception? exception, params ReadOnlySpan<LogField> fields) => Log(LogLevel.Fatal, message, exception, fields);

    /// <summary>Writes a line at <paramref name="level"/> when that level is enabled.</summary>
    /// <param name="level">The level.</param>
    /// <param name="message">The message; e-mail addresses are masked.</param>
    /// <param name="exception">An exception whose type, message and stack trace are written, or null.</param>
    /// <param name="fields">Structured fields.</param>
    public void Log(LogLevel level, string message, Exception? exception, ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = JsonLines.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", _timeProvider.GetUtcNow().UtcDateTime);
            writer.WriteString("level", LevelName(level));
            writer.WriteString("message", Redactor.MaskEmails(message ?? string.Empty));
            if (RequestId is not null)
            {
                writer.WriteString("requestId", RequestId);
            }

            if (exception is not null)
            {
                writer.WriteString("errorType", exception.GetType().FullName);
                writer.WriteString("errorMessage", Redactor.MaskEmails(exception.Message));
                if (exception.StackTrace is { } stackTrace)
                {
                    writer.WriteString("stackTrace", stackTrace);
                }
            }

            foreach (var field in fields)
            {
                WriteField(writer, field);
            }

            writer.WriteEndObject();
        }

        JsonLines.WriteLine(_output, buffer);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private static void WriteField(Utf8JsonWriter writer, LogField field)
    {
        var key = string.IsNullOrEmpty(field.Key) ? "field" : field.Key;
        writer.WritePropertyName(key);
        if (field.Value is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (Redactor.IsSensitiveKey(key))
        {
            writer.WriteStringValue(Redactor.Redacted);
            return;
        }

        switch (field.Value)
        {
            case string text:
                writer.WriteStringValue(Redactor.MaskEmails(text));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case short number:
                writer.WriteNumberValue(number);
                break;
            case byte number:
                writer.WriteNumberValue(number);
                break;
            case uint number:
                writer.WriteNumberValue(number);
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case IFormattable formattable:
                writer.WriteStringValue(Redactor.MaskEmails(formattable.ToString(null, CultureInfo.InvariantCulture)));
                break;
            default:
                writer.WriteStringValue(Redactor.MaskEmails(field.Value.ToString() ?? string.Empty));
                break;
        }
    }
}
