using Platform.Functions.Shared.Utilities;

namespace Platform.Tests.Clients;

public sealed class AwsEndpointsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Resolve_ServiceAndGlobalVariablesSet_ServiceVariableWins()
    {
        var env = Env(("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://localhost:4010"), ("AWS_ENDPOINT_URL", "http://localhost:4566"));

        var endpoint = AwsEndpoints.Resolve("EVENTBRIDGE", "events", "eu-west-1", env);

        Assert.Equal(new Uri("http://localhost:4010/"), endpoint);
    }

    [Fact]
    public void Resolve_OnlyGlobalVariableSet_UsesGlobalVariable()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://localhost:4566"), ("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000"));

        var endpoint = AwsEndpoints.Resolve("SESV2", "email", "eu-west-1", env);

        Assert.Equal(new Uri("http://localhost:4566/"), endpoint);
    }

    [Theory]
    [InlineData("EVENTBRIDGE", "events", "eu-west-1", "https://events.eu-west-1.amazonaws.com/")]
    [InlineData("SESV2", "email", "us-east-1", "https://email.us-east-1.amazonaws.com/")]
    [InlineData("SESV2", "email", "cn-north-1", "https://email.cn-north-1.amazonaws.com.cn/")]
    public void Resolve_NoVariables_UsesRegionalAwsEndpoint(string serviceId, string prefix, string region, string expected)
    {
        var endpoint = AwsEndpoints.Resolve(serviceId, prefix, region, Env());

        Assert.Equal(new Uri(expected), endpoint);
    }

    [Fact]
    public void Resolve_EmptyServiceVariable_FallsBackToGlobalVariable()
    {
        var env = Env(("AWS_ENDPOINT_URL_EVENTBRIDGE", " "), ("AWS_ENDPOINT_URL", "http://localhost:4566"));

        var endpoint = AwsEndpoints.Resolve("EVENTBRIDGE", "events", "eu-west-1", env);

        Assert.Equal(new Uri("http://localhost:4566/"), endpoint);
    }

    [Fact]
    public void Resolve_IgnoreConfiguredEndpointUrlsTrue_UsesRegionalAwsEndpoint()
    {
        var env = Env(
            ("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://localhost:4010"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        var endpoint = AwsEndpoints.Resolve("EVENTBRIDGE", "events", "eu-west-1", env);

        Assert.Equal(new Uri("https://events.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Theory]
    [InlineData("EventBridge", "AWS_ENDPOINT_URL_EVENTBRIDGE")]
    [InlineData("SESv2", "AWS_ENDPOINT_URL_SESV2")]
    [InlineData("Elastic Beanstalk", "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK")]
    public void ServiceEndpointVariable_SdkServiceId_UpperCasesWithUnderscores(string serviceId, string expected)
    {
        Assert.Equal(expected, AwsEndpoints.ServiceEndpointVariable(serviceId));
    }

    [Fact]
    public void Resolve_MixedCaseServiceId_ReadsUpperCaseVariable()
    {
        var env = Env(("AWS_ENDPOINT_URL_SESV2", "http://localhost:4579"));

        var endpoint = AwsEndpoints.Resolve("SESv2", "email", "eu-west-1", env);

        Assert.Equal(new Uri("http://localhost:4579/"), endpoint);
    }

    [Fact]
    public void Resolve_UrlWithBasePath_KeepsPathWithTrailingSlash()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://localhost:4566/aws"));

        var endpoint = AwsEndpoints.Resolve("SESV2", "email", "eu-west-1", env);

        Assert.Equal(new Uri("http://localhost:4566/aws/"), endpoint);
    }

    [Theory]
    [InlineData("localhost:4566")]
    [InlineData("ftp://localhost/")]
    [InlineData("not a url")]
    public void Resolve_MalformedServiceVariable_ThrowsNamingVariable(string value)
    {
        var env = Env(("AWS_ENDPOINT_URL_EVENTBRIDGE", value));

        var error = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.Resolve("EVENTBRIDGE", "events", "eu-west-1", env));

        Assert.Contains("AWS_ENDPOINT_URL_EVENTBRIDGE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveRegion_AwsRegionSet_ReturnsIt()
    {
        Assert.Equal("eu-west-1", AwsEndpoints.ResolveRegion(Env(("AWS_REGION", "eu-west-1"))));
    }

    [Fact]
    public void ResolveRegion_BothVariablesSet_PrefersAwsRegion()
    {
        var env = Env(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "us-east-1"));

        Assert.Equal("eu-west-1", AwsEndpoints.ResolveRegion(env));
    }

    [Fact]
    public void ResolveRegion_OnlyDefaultRegionSet_ReturnsDefaultRegion()
    {
        Assert.Equal("us-east-1", AwsEndpoints.ResolveRegion(Env(("AWS_DEFAULT_REGION", "us-east-1"))));
    }

    [Fact]
    public void ResolveRegion_NoRegion_ThrowsNamingAwsRegion()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.ResolveRegion(Env(("AWS_REGION", ""))));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveRegion_NotARegionName_ThrowsNamingVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.ResolveRegion(Env(("AWS_DEFAULT_REGION", "eu west/1"))));

        Assert.Contains("AWS_DEFAULT_REGION", error.Message, StringComparison.Ordinal);
    }
}
