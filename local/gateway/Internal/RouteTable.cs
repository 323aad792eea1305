namespace Platform.Local.Gateway.Internal;

/// <summary>Selects a route as HTTP API does: the most specific path first (literal, then variable, then greedy segments), a route's own method before ANY, and $default last.</summary>
internal sealed class RouteTable
{
    private readonly List<CompiledRoute> _routes;
    private readonly GatewayRoute? _default;

    public RouteTable(IEnumerable<GatewayRoute> routes)
    {
        _routes = [];
        var seen = new HashSet<RouteKey>();
        foreach (var route in routes)
        {
            if (!seen.Add(route.Key))
            {
                throw new ArgumentException($"Route '{route.Key}' is defined twice.", nameof(routes));
            }

            if (route.Key.IsDefault)
            {
                _default = route;
            }
            else
            {
                _routes.Add(new CompiledRoute(route));
            }
        }
    }

    public IEnumerable<GatewayRoute> Routes => _routes.Select(r => r.Route).Concat(_default is null ? [] : [_default]);

    /// <summary>Matches the raw (still percent-encoded) request path; parameters are decoded once.</summary>
    public RouteMatch? Match(string method, string path)
    {
        var segments = path.Split('/')[1..];
        RouteMatch? best = null;
        int[]? bestRank = null;
        foreach (var route in _routes)
        {
            if (route.Route.Key.Method != "ANY" && !string.Equals(route.Route.Key.Method, method, StringComparison.Ordinal))
            {
                continue;
            }

            var parameters = route.Match(segments);
            if (parameters is null)
            {
                continue;
            }

            var rank = route.Rank;
            if (bestRank is null || Compare(rank, bestRank) > 0)
            {
                best = new RouteMatch(route.Route, parameters);
                bestRank = rank;
            }
        }

        return best ?? (_default is null ? null : new RouteMatch(_default, new Dictionary<string, string>()));
    }

    private static int Compare(int[] left, int[] right)
    {
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return left[i].CompareTo(right[i]);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private sealed class CompiledRoute
    {
        private const int Greedy = 1;
        private const int Variable = 2;
        private const int Literal = 3;

        private readonly string[] _segments;

        public CompiledRoute(GatewayRoute route)
        {
            Route = route;
            _segments = route.Key.Path.Split('/')[1..];
            var kinds = _segments.Select(KindOf).ToList();

            // Segment by segment, a literal beats a variable beats a greedy variable; then a method beats ANY.
            kinds.Add(route.Key.Method == "ANY" ? 0 : 1);
            Rank = [.. kinds];
        }

        public GatewayRoute Route { get; }

        public int[] Rank { get; }

        public Dictionary<string, string>? Match(string[] path)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < _segments.Length; i++)
            {
                var template = _segments[i];
                var kind = KindOf(template);
                if (kind == Greedy)
                {
                    if (i >= path.Length || path[i].Length == 0)
                    {
                        return null;
                    }

                    parameters[template[1..^2]] = Uri.UnescapeDataString(string.Join('/', path[i..]));
                    return parameters;
                }

                if (i >= path.Length)
                {
                    return null;
                }

                if (kind == Variable)
                {
                    if (path[i].Length == 0)
                    {
                        return null;
                    }

                    parameters[template[1..^1]] = Uri.UnescapeDataString(path[i]);
                }
                else if (!string.Equals(template, Uri.UnescapeDataString(path[i]), StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return path.Length == _segments.Length ? parameters : null;
        }

        private static int KindOf(string segment) =>
            segment.StartsWith('{') && segment.EndsWith("+}", StringComparison.Ordinal) ? Greedy
            : segment.StartsWith('{') ? Variable
            : Literal;
    }
}

internal sealed record RouteMatch(GatewayRoute Route, IReadOnlyDictionary<string, string> PathParameters);
