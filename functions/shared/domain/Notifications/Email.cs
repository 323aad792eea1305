namespace Platform.Functions.Shared.Domain.Notifications;

/// <summary>A plain-text e-mail to one recipient.</summary>
public sealed record OutgoingEmail(string To, string Subject, string TextBody);

/// <summary>The port for sending e-mail (SES v2 in deployments, the local outbox on a developer's machine).</summary>
public interface IEmailSender
{
    /// <summary>Sends the e-mail and returns the provider's message id.</summary>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>Records which e-mails were sent, so a re-delivered event never sends a second one.</summary>
public interface IEmailLedger
{
    /// <summary>Claims the right to send the e-mail named by <paramref name="key"/>; false when it was claimed before.</summary>
    Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records that the claimed e-mail went out.</summary>
    Task MarkSentAsync(string key, string messageId, CancellationToken cancellationToken);

    /// <summary>Gives the claim back after a failed send, so a retry can send it.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}
