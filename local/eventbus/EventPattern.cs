using System.Text.Json;
using Platform.Local.EventBus.Internal;

namespace Platform.Local.EventBus;

/// <summary>An EventBridge event pattern compiled once and matched against many events.</summary>
/// <remarks>
/// Semantics follow EventBridge's documented pattern language and AWS's open-source event-ruler:
/// leaf values are arrays (OR), fields are ANDed, arrays in the event match when any element does,
/// objects in event arrays are matched element by element.
/// </remarks>
public sealed class EventPattern
{
    private readonly ObjectPattern _root;

    private EventPattern(string json, ObjectPattern root)
    {
        Json = json;
        _root = root;
        ExactSources = root.ExactValuesOf("source");
        ExactDetailTypes = root.ExactValuesOf("detail-type");
        Anchor = root.FindAnchor();
    }

    /// <summary>The pattern as it was given.</summary>
    public string Json { get; }

    /// <summary>The only values of <c>source</c> this pattern can match, or null when it does not pin them.</summary>
    internal IReadOnlyList<string>? ExactSources { get; }

    /// <summary>The only values of <c>detail-type</c> this pattern can match, or null when it does not pin them.</summary>
    internal IReadOnlyList<string>? ExactDetailTypes { get; }

    /// <summary>A leaf every matching event has, with only exact strings or prefixes as values; null when the pattern has none.</summary>
    internal AnchorLeaf? Anchor { get; }

    /// <summary>Compiles <paramref name="json"/>; throws <see cref="InvalidEventPatternException"/> when AWS would reject it.</summary>
    public static EventPattern Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new EventPattern(json, PatternCompiler.Compile(json));
    }

    /// <summary>Compiles <paramref name="json"/>, or returns false with AWS's reason.</summary>
    public static bool TryParse(string json, out EventPattern? pattern, out string? reason)
    {
        try
        {
            pattern = Parse(json);
            reason = null;
            return true;
        }
        catch (InvalidEventPatternException e)
        {
            pattern = null;
            reason = e.Reason;
            return false;
        }
    }

    /// <summary>Whether the event (an AWS event envelope, or any JSON object) matches.</summary>
    public bool Matches(JsonElement evt) => _root.MatchesValue(evt);

    /// <summary>Whether the event given as JSON text matches.</summary>
    public bool Matches(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return Matches(document.RootElement);
    }

    public override string ToString() => Json;
}
