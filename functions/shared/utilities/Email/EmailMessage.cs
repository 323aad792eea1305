namespace Platform.Functions.Shared.Utilities.Email;

/// <summary>A simple (non-MIME) email to send with SES v2 SendEmail.</summary>
/// <remarks>A class rather than a record so that no generated <c>ToString</c> can write addresses into a log.</remarks>
public sealed class EmailMessage
{
    /// <summary>The verified sender address.</summary>
    public required string FromEmailAddress { get; init; }

    /// <summary>The recipients, 1 to <see cref="SesV2Client.MaxRecipients"/>.</summary>
    public required IReadOnlyList<string> ToAddresses { get; init; }

    /// <summary>The subject line, sent as UTF-8.</summary>
    public required string Subject { get; init; }

    /// <summary>The plain-text body, sent as UTF-8.</summary>
    public required string TextBody { get; init; }

    /// <summary>An optional HTML alternative body, sent as UTF-8.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>The SES configuration set whose event destinations see this message.</summary>
    public string? ConfigurationSetName { get; init; }
}
