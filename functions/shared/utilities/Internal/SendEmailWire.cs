namespace Platform.Functions.Shared.Utilities.Internal;

internal sealed class SendEmailRequestWire
{
    public required string FromEmailAddress { get; init; }

    public required DestinationWire Destination { get; init; }

    public required EmailContentWire Content { get; init; }

    public string? ConfigurationSetName { get; init; }
}

internal sealed class DestinationWire
{
    public required IReadOnlyList<string> ToAddresses { get; init; }
}

internal sealed class EmailContentWire
{
    public required SimpleMessageWire Simple { get; init; }
}

internal sealed class SimpleMessageWire
{
    public required ContentWire Subject { get; init; }

    public required BodyWire Body { get; init; }
}

internal sealed class BodyWire
{
    public ContentWire? Text { get; init; }

    public ContentWire? Html { get; init; }
}

internal sealed class ContentWire
{
    public required string Data { get; init; }

    public string Charset { get; init; } = "UTF-8";
}

internal sealed class SendEmailResponseWire
{
    public string? MessageId { get; set; }
}
