using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Platform.Infra.Core;

/// <summary>Overrides the rendered name of an argument property (the default is the camel-cased C# name).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputNameAttribute(string name) : Attribute
{
    /// <summary>The property's name in the program.</summary>
    public string Name { get; } = name;
}

/// <summary>Turns typed argument records into the plain maps, lists and scalars of a Pulumi YAML program.</summary>
/// <remarks>Maps come out sorted by key (ordinal), nulls are left out: the same arguments always render the same text.</remarks>
internal static class PropertyRenderer
{
    public static object? Render(object? value) => value switch
    {
        null => null,
        IRenderable renderable => renderable.Render(),
        string text => Literal.Escape(text),
        bool or int or long or double => value,
        IDictionary dictionary => RenderDictionary(dictionary),
        IEnumerable sequence => sequence.Cast<object?>().Select(Render).ToList(),
        _ => RenderObject(value),
    };

    public static SortedDictionary<string, object?> RenderObject(object value)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            var rendered = Render(property.GetValue(value));
            if (rendered is not null)
            {
                map[property.GetCustomAttribute<InputNameAttribute>()?.Name ?? CamelCase(property.Name)] = rendered;
            }
        }

        return map;
    }

    private static SortedDictionary<string, object?> RenderDictionary(IDictionary dictionary)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Render(entry.Value);
        }

        return map;
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
