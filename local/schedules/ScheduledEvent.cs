using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Local.Schedules;

/// <summary>The event EventBridge delivers to a scheduled rule's targets.</summary>
public sealed class ScheduledEvent
{
    /// <summary>The event id, a UUID.</summary>
    public required string Id { get; init; }

    /// <summary>The scheduled time, whole seconds in UTC.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The region of the rule.</summary>
    public required string Region { get; init; }

    /// <summary>The account of the rule.</summary>
    public required string Account { get; init; }

    /// <summary>The rule's name.</summary>
    public required string RuleName { get; init; }

    /// <summary>The rule's ARN, <c>arn:aws:events:{region}:{account}:rule/{name}</c>.</summary>
    public string RuleArn => $"arn:aws:events:{Region}:{Account}:rule/{RuleName}";

    /// <summary>The event as EventBridge sends it, fields in AWS's order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "0");
            json.WriteString("id", Id);
            json.WriteString("detail-type", "Scheduled Event");
            json.WriteString("source", "aws.events");
            json.WriteString("account", Account);
            json.WriteString("time", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("region", Region);
            json.WriteStartArray("resources");
            json.WriteStringValue(RuleArn);
            json.WriteEndArray();
            json.WriteStartObject("detail");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
