using Platform.Infra.Core;

namespace Platform.Infra.Aws;

/// <summary>A value the provider takes as a JSON string, written as a YAML object inside <c>fn::toJSON</c>.</summary>
public sealed record JsonValue(object Value) : IRenderable
{
    /// <inheritdoc />
    public object? Render() => new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["fn::toJSON"] = PropertyRenderer.Render(Value) };
}
