namespace Platform.Local.Email;

/// <summary>A message to put in the outbox; the outbox gives it its id and time.</summary>
public sealed class NewEmail
{
    /// <summary>The sender address.</summary>
    public required string From { get; init; }

    /// <summary>The To recipients.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>The Cc recipients.</summary>
    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>The Bcc recipients.</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>The plain-text body.</summary>
    public string? Text { get; init; }

    /// <summary>The HTML body.</summary>
    public string? Html { get; init; }

    /// <summary>The SES configuration set named by the sender.</summary>
    public string? ConfigurationSetName { get; init; }
}
