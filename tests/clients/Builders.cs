using Amazon.Runtime;
using Platform.Functions.Shared.Utilities.Email;
using Platform.Functions.Shared.Utilities.EventBridge;

namespace Platform.Tests.Clients;

/// <summary>Dummy credentials and region the fake services verify signatures against.</summary>
internal static class TestAws
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "eu-west-1";

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, SecretKey);
}

/// <summary>Valid domain messages with defaults; tests change only what they are about.</summary>
internal static class Build
{
    public static EventEntry OrderCreated(int orderNumber = 1) => new()
    {
        Source = "platform.orders",
        DetailType = "Order Created",
        Detail = $$"""{"orderId":"order-{{orderNumber}}","total":42.5}""",
        EventBusName = "platform-dev",
    };

    public static IReadOnlyList<EventEntry> OrderCreatedBatch(int count) =>
        [.. Enumerable.Range(1, count).Select(OrderCreated)];

    public static EmailMessage OrderReceivedEmail(
        IReadOnlyList<string>? to = null,
        string? htmlBody = null,
        string? configurationSetName = null,
        string from = "orders@example.com",
        string subject = "We received your order") => new()
        {
            FromEmailAddress = from,
            ToAddresses = to ?? ["jane.doe@example.org"],
            Subject = subject,
            TextBody = "Thank you for your order order-1.",
            HtmlBody = htmlBody,
            ConfigurationSetName = configurationSetName,
        };
}
