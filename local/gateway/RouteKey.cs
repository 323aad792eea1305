namespace Platform.Local.Gateway;

/// <summary>An HTTP API route key: "METHOD /path" (path variables "{name}", greedy "{name+}") or "$default".</summary>
public sealed class RouteKey : IEquatable<RouteKey>
{
    /// <summary>The catch-all route that API Gateway uses when no other route matches.</summary>
    public const string DefaultValue = "$default";

    private RouteKey(string value, string method, string path)
    {
        Value = value;
        Method = method;
        Path = path;
    }

    /// <summary>The route key as written, for example "GET /users/{id}".</summary>
    public string Value { get; }

    /// <summary>The upper-case HTTP method, "ANY", or empty for <c>$default</c>.</summary>
    public string Method { get; }

    /// <summary>The path template, or empty for <c>$default</c>.</summary>
    public string Path { get; }

    /// <summary>Whether this is the <c>$default</c> route.</summary>
    public bool IsDefault => Method.Length == 0;

    /// <summary>Parses a route key; throws <see cref="FormatException"/> for one API Gateway would reject.</summary>
    public static RouteKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value == DefaultValue)
        {
            return new RouteKey(value, string.Empty, string.Empty);
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space != value.LastIndexOf(' '))
        {
            throw new FormatException($"Route key '{value}' must be \"METHOD /path\" or \"$default\".");
        }

        var method = value[..space];
        var path = value[(space + 1)..];
        if (!method.All(char.IsAsciiLetterUpper))
        {
            throw new FormatException($"Route key '{value}' needs an upper-case HTTP method or ANY.");
        }

        if (!path.StartsWith('/'))
        {
            throw new FormatException($"Route key '{value}' needs a path that starts with '/'.");
        }

        var segments = path.Split('/')[1..];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isVariable = segment.StartsWith('{') && segment.EndsWith('}');
            if (!isVariable && (segment.Contains('{', StringComparison.Ordinal) || segment.Contains('}', StringComparison.Ordinal)))
            {
                throw new FormatException($"Route key '{value}': a path variable must be a whole segment.");
            }

            if (isVariable && segment.EndsWith("+}", StringComparison.Ordinal) && i != segments.Length - 1)
            {
                throw new FormatException($"Route key '{value}': a greedy variable must be the last segment.");
            }

            if (isVariable && segment.Length <= (segment.EndsWith("+}", StringComparison.Ordinal) ? 3 : 2))
            {
                throw new FormatException($"Route key '{value}': a path variable needs a name.");
            }
        }

        return new RouteKey(value, method, path);
    }

    /// <inheritdoc/>
    public bool Equals(RouteKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RouteKey);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
