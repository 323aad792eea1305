using Platform.Functions.Shared.Domain.Notifications;
using Platform.Functions.Shared.Utilities.Email;

namespace Platform.Functions.Shared.Utilities.Adapters;

/// <summary>Sends the platform's e-mails through SES v2 from one verified sender address.</summary>
public sealed class SesEmailSender(SesV2Client client, string fromAddress) : IEmailSender
{
    /// <summary>A sender on a client built from the environment (region, endpoint, credentials).</summary>
    public static SesEmailSender FromEnvironment(string fromAddress) => new(SesV2Client.FromEnvironment(), fromAddress);

    /// <inheritdoc />
    public Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        return client.SendEmailAsync(
            new EmailMessage { FromEmailAddress = fromAddress, ToAddresses = [email.To], Subject = email.Subject, TextBody = email.TextBody },
            cancellationToken);
    }
}
