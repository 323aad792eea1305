using System.Globalization;
using System.Text;

namespace Platform.Local.Queues.Internal;

/// <summary>SQS's limits on names, attributes and message contents.</summary>
internal static class Validation
{
    public const int MaxAttributes = 10;

    public static void QueueName(string name)
    {
        if (name.Length is < 1 or > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw Errors.InvalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
    }

    public static void Attributes(QueueAttributes attributes)
    {
        Range("VisibilityTimeout", attributes.VisibilityTimeout, TimeSpan.Zero, TimeSpan.FromHours(12));
        Range("MessageRetentionPeriod", attributes.MessageRetentionPeriod, TimeSpan.FromSeconds(60), TimeSpan.FromDays(14));
        Range("DelaySeconds", attributes.Delay, TimeSpan.Zero, TimeSpan.FromMinutes(15));
        Range("ReceiveMessageWaitTimeSeconds", attributes.ReceiveMessageWaitTime, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        if (attributes.MaximumMessageSize is < 1024 or > QueueAttributes.MaxMessageSizeLimit)
        {
            throw Errors.InvalidAttributeValue($"Invalid value for the parameter MaximumMessageSize.");
        }

        if (attributes.RedrivePolicy is { } redrive
            && (redrive.MaxReceiveCount is < 1 or > 1000 || !redrive.DeadLetterTargetArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal)))
        {
            throw Errors.InvalidAttributeValue("Value for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map or maxReceiveCount is not between 1 and 1000.");
        }
    }

    public static void Range(string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw Errors.InvalidAttributeValue($"Invalid value for the parameter {name}.");
        }
    }

    /// <summary>Checks a message's contents and size (body plus attribute names, types and values, as SQS counts them).</summary>
    public static void Message(string body, IReadOnlyDictionary<string, MessageAttributeValue> attributes, int maximumSize)
    {
        if (body.Length == 0)
        {
            throw new QueueException("MissingParameter", "The request must contain the parameter MessageBody.");
        }

        if (!AllowedCharacters(body))
        {
            throw new QueueException("InvalidMessageContents", "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
        }

        if (attributes.Count > MaxAttributes)
        {
            throw Errors.InvalidParameter($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        }

        foreach (var (name, value) in attributes)
        {
            MessageAttribute(name, value);
        }

        if (Size(body, attributes) > maximumSize)
        {
            throw Errors.InvalidParameter($"One or more parameters are invalid. Reason: Message must be shorter than {maximumSize} bytes.");
        }
    }

    public static int Size(string body, IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        var size = Encoding.UTF8.GetByteCount(body);
        foreach (var (name, value) in attributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + (value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? string.Empty));
        }

        return size;
    }

    private static void MessageAttribute(string name, MessageAttributeValue value)
    {
        if (name.Length is < 1 or > 256
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.InvalidParameter($"Message (user) attribute name '{name}' is invalid.");
        }

        var type = value.DataType.Split('.', 2)[0];
        var valid = type switch
        {
            "String" => !string.IsNullOrEmpty(value.StringValue) && value.BinaryValue is null,
            "Number" => value.BinaryValue is null && decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "Binary" => value.BinaryValue is { Length: > 0 } && value.StringValue is null,
            _ => false,
        };
        if (!valid)
        {
            throw Errors.InvalidParameter($"Message (user) attribute '{name}' must contain a non-empty value of type '{value.DataType}'.");
        }
    }

    private static bool AllowedCharacters(string body)
    {
        foreach (var rune in body.EnumerateRunes())
        {
            var c = rune.Value;
            if (!(c is 0x9 or 0xA or 0xD || c is >= 0x20 and <= 0xD7FF || c is >= 0xE000 and <= 0xFFFD || c >= 0x10000))
            {
                return false;
            }
        }

        // EnumerateRunes reads a lone surrogate as U+FFFD, which is allowed, so those are checked apart.
        return IsWellFormed(body);
    }

    private static bool IsWellFormed(string body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (char.IsHighSurrogate(body[i]) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(body[i]))
            {
                return false;
            }
        }

        return true;
    }
}
