namespace Platform.Local.Email;

/// <summary>A message the local SES endpoint accepted, as kept in the outbox.</summary>
public sealed class OutboxMessage
{
    /// <summary>The SES message id returned to the sender.</summary>
    public required string Id { get; init; }

    /// <summary>When the endpoint accepted the message.</summary>
    public required DateTimeOffset Timestamp { get; init; }

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

    /// <summary>The plain-text body, if the message had one.</summary>
    public string? Text { get; init; }

    /// <summary>The HTML body, if the message had one.</summary>
    public string? Html { get; init; }

    /// <summary>The SES configuration set the sender named, if any.</summary>
    public string? ConfigurationSetName { get; init; }
}
