using System.Globalization;
using System.Text.Json;

namespace Platform.Local.EventBus.Internal;

/// <summary>A leaf of the event (string, number, true, false or null) with its string and number forms computed at most once.</summary>
internal struct LeafValue(JsonElement element)
{
    private string? _string;
    private byte _numberState;
    private long _scaled;

    public readonly JsonElement Element { get; } = element;

    public readonly JsonValueKind Kind => Element.ValueKind;

    public string String => _string ??= Element.GetString() ?? string.Empty;

    /// <summary>The number scaled by 10^6, when it is within event-ruler's comparable range.</summary>
    public bool TryGetScaled(out long scaled)
    {
        if (_numberState == 0)
        {
            _numberState = 2;
            if (Kind == JsonValueKind.Number && ComparableNumber.TryParse(Element, out _scaled))
            {
                _numberState = 1;
            }
        }

        scaled = _scaled;
        return _numberState == 1;
    }
}

/// <summary>event-ruler's comparable numbers: -5e9 to 5e9 inclusive, at most six decimal places, kept as integers scaled by 10^6.</summary>
internal static class ComparableNumber
{
    public const long Max = 5_000_000_000L * 1_000_000L;
    public const long Min = -Max;
    private const decimal Limit = 5_000_000_000m;

    public static bool TryParse(JsonElement number, out long scaled)
    {
        if (number.TryGetInt64(out var integer))
        {
            var comparable = integer is >= -5_000_000_000L and <= 5_000_000_000L;
            scaled = comparable ? integer * 1_000_000L : 0;
            return comparable;
        }

        if (number.TryGetDecimal(out var value) || decimal.TryParse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return TryScale(value, out scaled, out _);
        }

        scaled = 0;
        return false;
    }

    public static bool TryScale(decimal value, out long scaled, out string? error)
    {
        scaled = 0;
        if (value > Limit || value < -Limit)
        {
            error = "Value must be between -5000000000 and 5000000000, inclusive";
            return false;
        }

        var shifted = value * 1_000_000m;
        if (shifted != decimal.Truncate(shifted))
        {
            error = "Only values upto 6 decimals are supported";
            return false;
        }

        scaled = (long)shifted;
        error = null;
        return true;
    }

    /// <summary>Parses a pattern's number, with event-ruler's reason when it is out of range or too precise.</summary>
    public static long ParsePatternNumber(JsonElement number)
    {
        if (!decimal.TryParse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidEventPatternException("Value must be between -5000000000 and 5000000000, inclusive");
        }

        return TryScale(value, out var scaled, out var error) ? scaled : throw new InvalidEventPatternException(error!);
    }
}
