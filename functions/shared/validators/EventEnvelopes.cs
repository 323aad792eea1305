using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Functions.Shared.Validators;

/// <summary>Reads EventBridge envelopes that arrive inside SQS messages (an EventBridge rule targeting a queue).</summary>
public static class EventEnvelopes
{
    /// <summary>Parses an SQS message body that must be an EventBridge event; anything else violates the queue's contract.</summary>
    public static EventBridgeEvent FromSqsBody(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            throw new ContractViolationException("The message body is empty; an EventBridge event was expected.");
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, RuntimeJsonContext.Default.EventBridgeEvent);
            return envelope is { Source: not null, DetailType: not null }
                ? envelope
                : throw new ContractViolationException("The message body is not an EventBridge event (no source or detail-type).");
        }
        catch (JsonException ex)
        {
            throw new ContractViolationException("The message body is not valid JSON; an EventBridge event was expected.", ex);
        }
    }
}
