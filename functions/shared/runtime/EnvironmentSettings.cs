using System.Globalization;

namespace Platform.Functions.Shared.Runtime;

/// <summary>Reads configuration from environment variables, failing with a <see cref="ConfigurationException"/> that names the variable.</summary>
/// <remarks>
/// Call these once, while building the function's settings object in the init step, so a bad configuration
/// fails init (<c>/runtime/init/error</c>) instead of the first request. Each method has an overload that takes
/// a lookup function so tests need no process-wide environment.
/// </remarks>
public static class EnvironmentSettings
{
    /// <summary>Returns the value of a required variable; an unset or blank variable throws.</summary>
    /// <param name="name">The variable name.</param>
    public static string Required(string name) => Required(name, Environment.GetEnvironmentVariable);

    /// <summary>Returns the value of a required variable from <paramref name="lookup"/>; an unset or blank variable throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static string Required(string name, Func<string, string?> lookup) =>
        Optional(name, lookup) ?? throw new ConfigurationException($"Environment variable {name} is required");

    /// <summary>Returns the value of an optional variable, or null when it is unset or blank.</summary>
    /// <param name="name">The variable name.</param>
    public static string? Optional(string name) => Optional(name, Environment.GetEnvironmentVariable);

    /// <summary>Returns the value of an optional variable from <paramref name="lookup"/>, or null when it is unset or blank.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static string? Optional(string name, Func<string, string?> lookup)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(lookup);
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Returns a required integer variable; an unset, blank or non-integer variable throws.</summary>
    /// <param name="name">The variable name.</param>
    public static int RequiredInt(string name) => RequiredInt(name, Environment.GetEnvironmentVariable);

    /// <summary>Returns a required integer variable from <paramref name="lookup"/>; an unset, blank or non-integer variable throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static int RequiredInt(string name, Func<string, string?> lookup) =>
        ParseInt(name, Required(name, lookup));

    /// <summary>Returns an optional integer variable, or <paramref name="defaultValue"/> when unset; a non-integer value throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value used when the variable is unset or blank.</param>
    public static int OptionalInt(string name, int defaultValue) =>
        OptionalInt(name, defaultValue, Environment.GetEnvironmentVariable);

    /// <summary>Returns an optional integer variable from <paramref name="lookup"/>, or <paramref name="defaultValue"/> when unset; a non-integer value throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value used when the variable is unset or blank.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static int OptionalInt(string name, int defaultValue, Func<string, string?> lookup)
    {
        var value = Optional(name, lookup);
        return value is null ? defaultValue : ParseInt(name, value);
    }

    /// <summary>Returns a required integer variable that must lie in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    public static int RequiredInt(string name, int minimum, int maximum) =>
        InRange(name, RequiredInt(name), minimum, maximum);

    /// <summary>Returns an optional integer variable, or <paramref name="defaultValue"/>; a set value must lie in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value used when the variable is unset or blank.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    public static int OptionalInt(string name, int defaultValue, int minimum, int maximum) =>
        InRange(name, OptionalInt(name, defaultValue), minimum, maximum);

    private static int InRange(string name, int value, int minimum, int maximum) =>
        value >= minimum && value <= maximum
            ? value
            : throw new ConfigurationException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Environment variable {name} must be between {minimum} and {maximum}; it is {value}."));

    /// <summary>Returns an optional boolean variable (<c>true</c>/<c>false</c>), or <paramref name="defaultValue"/> when unset; any other value throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value used when the variable is unset or blank.</param>
    public static bool OptionalBool(string name, bool defaultValue) =>
        OptionalBool(name, defaultValue, Environment.GetEnvironmentVariable);

    /// <summary>Returns an optional boolean variable from <paramref name="lookup"/>, or <paramref name="defaultValue"/> when unset; any other value throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value used when the variable is unset or blank.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static bool OptionalBool(string name, bool defaultValue, Func<string, string?> lookup)
    {
        var value = Optional(name, lookup);
        if (value is null)
        {
            return defaultValue;
        }

        return bool.TryParse(value, out var result)
            ? result
            : throw new ConfigurationException($"Environment variable {name} must be true or false");
    }

    /// <summary>Returns a required absolute URI variable; an unset, blank or relative value throws.</summary>
    /// <param name="name">The variable name.</param>
    public static Uri RequiredUri(string name) => RequiredUri(name, Environment.GetEnvironmentVariable);

    /// <summary>Returns a required absolute URI variable from <paramref name="lookup"/>; an unset, blank or relative value throws.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="lookup">Returns a variable's value, or null when unset.</param>
    public static Uri RequiredUri(string name, Func<string, string?> lookup) =>
        Uri.TryCreate(Required(name, lookup), UriKind.Absolute, out var uri)
            ? uri
            : throw new ConfigurationException($"Environment variable {name} must be an absolute URI");

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new ConfigurationException($"Environment variable {name} must be an integer");
}
