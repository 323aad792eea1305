namespace Platform.Infra.Core;

/// <summary>Something that renders itself to a Pulumi YAML value (a scalar, a list or a map).</summary>
public interface IRenderable
{
    /// <summary>The value as the YAML writer emits it.</summary>
    object? Render();
}

/// <summary>A resource input: a literal value or an <see cref="Output{T}"/>.</summary>
/// <typeparam name="T">The input's type.</typeparam>
public sealed class Input<T> : IRenderable
{
    private readonly T? literal;
    private readonly string? template;

    internal Input(T? literal, string? template)
    {
        this.literal = literal;
        this.template = template;
    }

    public static implicit operator Input<T>(T value) => Input.FromValue(value);

    public static implicit operator Input<T>(Output<T> output) => Input.FromOutput(output);

    /// <inheritdoc />
    public object? Render() => template ?? PropertyRenderer.Render(literal);
}

/// <summary>Builds inputs (the named alternatives of the implicit conversions).</summary>
public static class Input
{
    /// <summary>A literal value.</summary>
    public static Input<T> FromValue<T>(T value) => new(value, null);

    /// <summary>An output of another resource or a config value.</summary>
    public static Input<T> FromOutput<T>(Output<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new(default, output.Template);
    }
}
