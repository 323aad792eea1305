using Platform.Local.Email;

namespace Platform.Tests.Local.Support;

/// <summary>What the platform published and sent about one customer or order: bus events and outbox mails.</summary>
public static class Observations
{
    /// <summary>Events the bus accepted whose JSON mentions <paramref name="text"/> (an order, customer or SKU id).</summary>
    public static IReadOnlyList<string> EventsMentioning(this PlatformFixture platform, string text) =>
        [.. platform.Platform.Bus.Recent.Where(e => e.EventJson.Contains(text, StringComparison.Ordinal)).Select(e => e.DetailType)];

    /// <summary>Outbox mails to <paramref name="email"/>.</summary>
    public static IReadOnlyList<OutboxMessage> MailsTo(this PlatformFixture platform, string email) =>
        [.. platform.Platform.Outbox.List().Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Outbox mails whose subject mentions <paramref name="orderId"/>.</summary>
    public static IReadOnlyList<string> SubjectsAbout(this PlatformFixture platform, string orderId) =>
        [.. platform.Platform.Outbox.List().Where(m => m.Subject.Contains(orderId, StringComparison.Ordinal)).Select(m => m.Subject)];
}
