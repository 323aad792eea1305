using System.Globalization;

namespace Platform.Infra.Core;

/// <summary>A value known only when Pulumi runs: a resource output, a config value or an interpolation of them.</summary>
/// <typeparam name="T">The type of the value once known.</typeparam>
public sealed class Output<T> : IRenderable
{
    internal Output(string template) => Template = template;

    /// <summary>The Pulumi YAML interpolation, e.g. <c>${create-order.arn}</c>.</summary>
    public string Template { get; }

    /// <inheritdoc />
    public object? Render() => Template;

    /// <inheritdoc />
    public override string ToString() => Template;
}

/// <summary>Builds outputs.</summary>
public static class Output
{
    /// <summary>A property of a resource (<c>${name.property}</c>) or a config value (<c>${key}</c>).</summary>
    public static Output<T> Reference<T>(string name, string? property = null) =>
        new("${" + name + (property is null ? string.Empty : "." + property) + "}");

    /// <summary>An interpolated string: outputs render as their references, everything else as escaped literal text.</summary>
    public static Output<string> Format(FormattableString format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var arguments = format.GetArguments();
        // Literal text is escaped as a whole (a '$' just before an argument included), then the arguments go in unescaped.
        var sentinels = arguments.Select((_, i) => (object?)$"\u0000{i.ToString(CultureInfo.InvariantCulture)}\u0000").ToArray();
        var text = Literal.Escape(string.Format(CultureInfo.InvariantCulture, format.Format, sentinels));
        for (var i = 0; i < arguments.Length; i++)
        {
            var rendered = arguments[i] switch
            {
                Output<string> output => output.Template,
                var literal => Literal.Escape(Convert.ToString(literal, CultureInfo.InvariantCulture) ?? string.Empty),
            };
            text = text.Replace((string)sentinels[i]!, rendered, StringComparison.Ordinal);
        }

        return new Output<string>(text);
    }
}

/// <summary>Literal text in a Pulumi YAML program.</summary>
internal static class Literal
{
    /// <summary>Escapes <c>${</c> so literal text is never read as an interpolation.</summary>
    public static string Escape(string text) => text.Replace("${", "$${", StringComparison.Ordinal);
}
