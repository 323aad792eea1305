using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Local.Email;

/// <summary>An SES v2-compatible <c>SendEmail</c> endpoint (REST-JSON, <c>POST /v2/email/outbound-emails</c>) that keeps mail in an <see cref="Outbox"/>.</summary>
/// <remarks>
/// Requests are not checked for a signature: locally any credentials do. Only <c>Simple</c> content is accepted, which is
/// what our <c>SesV2Client</c> sends. Errors have SES v2's shape: a status, an <c>x-amzn-ErrorType</c> header and
/// <c>{"message": …}</c>.
/// </remarks>
public sealed class SesEndpoint
{
    /// <summary>The path of SendEmail, relative to the endpoint URL.</summary>
    public const string SendEmailPath = "/v2/email/outbound-emails";

    /// <summary>The most recipients (To, Cc and Bcc together) SES accepts for one message (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).</summary>
    public const int MaxRecipients = 50;

    private readonly Outbox _outbox;

    /// <summary>Creates an endpoint that stores accepted messages in <paramref name="outbox"/>.</summary>
    public SesEndpoint(Outbox outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        _outbox = outbox;
    }

    /// <summary>Answers one request: SendEmail, or 404 for anything else.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(SendEmailPath, StringComparison.Ordinal))
        {
            await WriteErrorAsync(
                context, StatusCodes.Status404NotFound, "UnknownOperationException", $"No SES v2 operation at {request.Method} {request.Path}.");
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequestException", "The request body is not valid JSON.");
            return;
        }

        using (document)
        {
            var (email, error) = ReadSendEmail(document.RootElement);
            if (email is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "BadRequestException", error!);
                return;
            }

            var message = _outbox.Add(email);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(context.Response.Body);
            json.WriteStartObject();
            json.WriteString("MessageId", message.Id);
            json.WriteEndObject();
        }
    }

    private static (NewEmail? Email, string? Error) ReadSendEmail(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The request body must be a JSON object.");
        }

        var from = String(body, "FromEmailAddress");
        if (string.IsNullOrWhiteSpace(from))
        {
            return (null, "FromEmailAddress is required.");
        }

        var destination = Property(body, "Destination");
        string[] to, cc, bcc;
        try
        {
            (to, cc, bcc) = (Addresses(destination, "ToAddresses"), Addresses(destination, "CcAddresses"), Addresses(destination, "BccAddresses"));
        }
        catch (FormatException exception)
        {
            return (null, exception.Message);
        }

        var recipients = to.Length + cc.Length + bcc.Length;
        if (recipients == 0)
        {
            return (null, "Destination must have at least one recipient in ToAddresses, CcAddresses or BccAddresses.");
        }

        if (recipients > MaxRecipients)
        {
            return (null, $"Recipient count exceeds {MaxRecipients}.");
        }

        if (new[] { from }.Concat(to).Concat(cc).Concat(bcc).Select(AddressError).FirstOrDefault(e => e is not null) is { } addressError)
        {
            return (null, addressError);
        }

        var simple = Property(Property(body, "Content"), "Simple");
        if (simple is null)
        {
            return (null, "Content.Simple is required; the local endpoint accepts Simple content only.");
        }

        var subject = String(Property(simple, "Subject"), "Data");
        if (string.IsNullOrEmpty(subject))
        {
            return (null, "Content.Simple.Subject.Data is required.");
        }

        var messageBody = Property(simple, "Body");
        var text = String(Property(messageBody, "Text"), "Data");
        var html = String(Property(messageBody, "Html"), "Data");
        if (text is null && html is null)
        {
            return (null, "Content.Simple.Body must contain Text or Html.");
        }

        return (new NewEmail
        {
            From = from,
            To = to,
            Cc = cc,
            Bcc = bcc,
            Subject = subject,
            Text = text,
            Html = html,
            ConfigurationSetName = String(body, "ConfigurationSetName"),
        }, null);
    }

    // SES answers a malformed address with these messages.
    private static string? AddressError(string address)
    {
        var start = address.LastIndexOf('<');
        var end = address.LastIndexOf('>');
        var mailbox = start >= 0 && end > start ? address[(start + 1)..end] : address;
        var at = mailbox.LastIndexOf('@');
        if (at < 0)
        {
            return "Missing final '@domain'";
        }

        return at == 0 || at == mailbox.Length - 1 || mailbox.Any(char.IsWhiteSpace) ? "Illegal address" : null;
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property)
            && property.ValueKind != JsonValueKind.Null
            ? property
            : null;

    private static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string[] Addresses(JsonElement? destination, string name)
    {
        if (Property(destination, name) is not { } list)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"Destination.{name} must be a list of strings.");
        }

        return [.. list.EnumerateArray().Select(item => item.GetString()!)];
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("message", message);
        json.WriteEndObject();
    }
}
