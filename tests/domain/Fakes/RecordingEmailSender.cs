using System.Globalization;
using Platform.Functions.Shared.Domain.Notifications;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Records sent e-mails; can fail on demand like a throttled SES.</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    private readonly List<OutgoingEmail> _sent = [];

    public IReadOnlyList<OutgoingEmail> Sent => _sent;

    /// <summary>How many of the next sends throw.</summary>
    public int FailuresToInject { get; set; }

    public Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new InjectedFailureException("The mail service is unavailable.");
        }

        _sent.Add(email);
        return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"msg-{_sent.Count}"));
    }
}
