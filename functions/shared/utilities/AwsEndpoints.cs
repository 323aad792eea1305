namespace Platform.Functions.Shared.Utilities;

/// <summary>Resolves the AWS region and service endpoints from environment variables, as the AWS SDKs do.</summary>
/// <remarks>
/// Endpoint precedence: <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the public
/// regional endpoint; <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> skips both variables. Empty values count as unset.
/// </remarks>
public static class AwsEndpoints
{
    /// <summary>The variable that names the region; Lambda sets it for every function.</summary>
    public const string RegionVariable = "AWS_REGION";

    /// <summary>The fallback region variable, read when <see cref="RegionVariable"/> is unset.</summary>
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>The endpoint override shared by every service.</summary>
    public const string EndpointUrlVariable = "AWS_ENDPOINT_URL";

    /// <summary>When <c>true</c>, both endpoint override variables are ignored.</summary>
    public const string IgnoreConfiguredEndpointUrlsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>Returns the region from <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>; throws naming the variable when neither is set.</summary>
    /// <exception cref="InvalidOperationException">No region is configured, or it is not a region name.</exception>
    public static string ResolveRegion(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var (variable, region) = NonEmpty(getEnv(RegionVariable)) is { } primary
            ? (RegionVariable, primary)
            : (DefaultRegionVariable, NonEmpty(getEnv(DefaultRegionVariable)));

        if (region is null)
        {
            throw new InvalidOperationException(
                $"{RegionVariable} is not set (nor {DefaultRegionVariable}): set {RegionVariable} to the AWS region to call, for example {RegionVariable}=eu-west-1.");
        }

        if (!IsRegionName(region))
        {
            throw new InvalidOperationException($"{variable} is '{region}', which is not an AWS region name such as eu-west-1.");
        }

        return region;
    }

    /// <summary>Returns the endpoint for a service: its own override variable, then the shared one, then <c>https://{prefix}.{region}.amazonaws.com/</c>.</summary>
    /// <param name="serviceId">The SDK service id, e.g. <c>EventBridge</c> or <c>SESv2</c>; upper-cased with spaces as underscores for the variable name.</param>
    /// <param name="defaultHostPrefix">The public endpoint's host prefix, e.g. <c>events</c> or <c>email</c>.</param>
    /// <param name="region">The region of the public endpoint.</param>
    /// <param name="getEnv">Reads a variable; defaults to the process environment.</param>
    /// <exception cref="InvalidOperationException">An override variable is not an absolute http(s) URL.</exception>
    public static Uri Resolve(string serviceId, string defaultHostPrefix, string region, Func<string, string?>? getEnv = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultHostPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (ResolveConfigured(serviceId, getEnv) is { } configured)
        {
            return configured;
        }

        var dnsSuffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{defaultHostPrefix}.{region}.{dnsSuffix}/");
    }

    /// <summary>Returns the endpoint configured for a service (its own override variable, then the shared one), or null when none is.</summary>
    /// <param name="serviceId">The SDK service id, e.g. <c>S3</c>.</param>
    /// <param name="getEnv">Reads a variable; defaults to the process environment.</param>
    /// <exception cref="InvalidOperationException">An override variable is not an absolute http(s) URL.</exception>
    public static Uri? ResolveConfigured(string serviceId, Func<string, string?>? getEnv = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        getEnv ??= Environment.GetEnvironmentVariable;
        if (bool.TryParse(NonEmpty(getEnv(IgnoreConfiguredEndpointUrlsVariable)), out var ignore) && ignore)
        {
            return null;
        }

        foreach (var variable in (string[])[ServiceEndpointVariable(serviceId), EndpointUrlVariable])
        {
            if (NonEmpty(getEnv(variable)) is { } value)
            {
                return ParseEndpoint(variable, value);
            }
        }

        return null;
    }

    /// <summary>Returns the service-specific override variable for a service id, e.g. <c>AWS_ENDPOINT_URL_EVENTBRIDGE</c>.</summary>
    public static string ServiceEndpointVariable(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        return $"{EndpointUrlVariable}_{serviceId.Trim().Replace(' ', '_').ToUpperInvariant()}";
    }

    private static Uri ParseEndpoint(string variable, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{variable} is '{value}', which is not an absolute http or https URL.");
        }

        // A trailing slash keeps a configured base path when operation paths are resolved against the endpoint.
        return uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
    }

    private static bool IsRegionName(string region) =>
        region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
