using System.Text;
using System.Text.Json;
using Platform.Local.Email;

namespace Platform.Tests.Local.Support;

/// <summary>What the platform published and sent about one customer or order: bus events and outbox mails.</summary>
public static class Observations
{
    /// <summary>Events the bus accepted whose JSON mentions <paramref name="text"/> (an order, customer or SKU id).</summary>
    public static IReadOnlyList<string> EventsMentioning(this PlatformFixture platform, string text) =>
        [.. platform.Platform.Bus.Recent.Where(e => e.EventJson.Contains(text, StringComparison.Ordinal)).Select(e => e.DetailType)];

    /// <summary>The distinct payment ids of the <c>Payment Processed</c> events about <paramref name="orderId"/>: one per charge.</summary>
    /// <remarks>
    /// Not the number of events: the payment service publishes the outcome again when an Order Created is delivered again (so a
    /// crash between the charge and the publish cannot strand the order), always with the first charge's payment id.
    /// </remarks>
    public static IReadOnlyList<string> ChargesOf(this PlatformFixture platform, string orderId) => PaymentIds(platform.Platform.Bus.Recent.Select(e => (e.DetailType, e.EventJson)), orderId);

    /// <summary>The distinct payment ids of the <c>Payment Processed</c> events among <paramref name="events"/> about <paramref name="orderId"/>.</summary>
    public static IReadOnlyList<string> PaymentIds(IEnumerable<(string DetailType, string EventJson)> events, string orderId) =>
    [
        .. events
            .Where(e => e.DetailType == "Payment Processed")
            .Select(e => JsonDocument.Parse(e.EventJson).RootElement.GetProperty("detail"))
            .Where(detail => detail.GetProperty("orderId").GetString() == orderId)
            .Select(detail => detail.GetProperty("paymentId").GetString()!)
            .Distinct(StringComparer.Ordinal),
    ];

    /// <summary>Outbox mails to <paramref name="email"/>.</summary>
    public static IReadOnlyList<OutboxMessage> MailsTo(this PlatformFixture platform, string email) =>
        [.. platform.Platform.Outbox.List().Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Outbox mails whose subject mentions <paramref name="orderId"/>.</summary>
    public static IReadOnlyList<string> SubjectsAbout(this PlatformFixture platform, string orderId) =>
        [.. platform.Platform.Outbox.List().Where(m => m.Subject.Contains(orderId, StringComparison.Ordinal)).Select(m => m.Subject)];

    /// <summary>
    /// Work about <paramref name="text"/> not yet settled: bus deliveries in flight, asynchronous events pending on disk and
    /// queue messages, as "where: count". Each stays until the work it causes has been published, so empty means settled.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingWorkMentioningAsync(this PlatformFixture platform, string text)
    {
        await platform.Platform.Bus.WhenDeliveriesCompleteAsync();
        var pending = new List<string>();
        var asyncEvents = Path.Combine(platform.StateDirectory, "async");
        foreach (var function in Directory.Exists(asyncEvents) ? Directory.GetDirectories(asyncEvents) : [])
        {
            var count = Directory.GetFiles(function, "*.json").Count(file => PendingPayload(file).Contains(text, StringComparison.Ordinal));
            if (count > 0)
            {
                pending.Add($"async {Path.GetFileName(function)}: {count}");
            }
        }

        foreach (var queue in platform.Platform.Queues.ListQueues().Where(name => !name.EndsWith("-dlq", StringComparison.Ordinal) && !name.EndsWith("-failures", StringComparison.Ordinal)))
        {
            var count = platform.Platform.Queues.PeekMessages(queue).Count(m => m.Body.Contains(text, StringComparison.Ordinal));
            if (count > 0)
            {
                pending.Add($"queue {queue}: {count}");
            }
        }

        return pending;
    }

    private static string PendingPayload(string file)
    {
        try
        {
            using var saved = JsonDocument.Parse(File.ReadAllBytes(file));
            return Encoding.UTF8.GetString(saved.RootElement.GetProperty("Payload").GetBytesFromBase64());
        }
        catch (IOException)
        {
            // Settled and deleted between listing and reading.
            return string.Empty;
        }
    }
}
