namespace Platform.Tests.Infra;

/// <summary>What a stack's config may and may not say.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Render_ProdWithoutJwtIssuer_FailsNamingTheSetting()
    {
        var config = Rendering.StackConfigAsPulumiConfig("prod");
        config.Remove("platform:jwtIssuer");
        config["platform:jwtIssuer"] = string.Empty;

        var (exitCode, stdout, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("prod", config));

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("platform:jwtIssuer", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownSetting_FailsNamingIt()
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");
        config["platform:memorySise"] = "512";

        var (exitCode, _, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("dev", config));

        Assert.Equal(1, exitCode);
        Assert.Contains("platform:memorySise", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeclaredPublicRead_HasNoAuthorizer_OtherRoutesKeepJwt()
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");
        config["platform:publicReadRoutes"] = """["GET /orders/{id}"]""";

        var program = RenderedProgram.Parse(Rendering.RenderAsPulumi("dev", config));

        var routes = program.OfType("aws:apigatewayv2:Route").ToDictionary(r => (string)r["routeKey"]!);
        Assert.Equal("NONE", routes["GET /orders/{id}"]["authorizationType"]);
        Assert.Null(routes["GET /orders/{id}"]["authorizerId"]);
        Assert.All(routes.Where(r => r.Key != "GET /orders/{id}"), r => Assert.Equal("JWT", r.Value["authorizationType"]));
    }

    [Fact]
    public void Render_PublicWriteRoute_IsRefused()
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");
        config["platform:publicReadRoutes"] = """["POST /orders"]""";

        var (exitCode, _, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("dev", config));

        Assert.Equal(1, exitCode);
        Assert.Contains("platform:publicReadRoutes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PublicRouteThatDoesNotExist_IsRefused()
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");
        config["platform:publicReadRoutes"] = """["GET /orders"]""";

        var (exitCode, _, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("dev", config));

        Assert.Equal(1, exitCode);
        Assert.Contains("GET /orders", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WildcardCorsOrigin_IsRefused()
    {
        var config = Rendering.StackConfigAsPulumiConfig("prod");
        config["platform:corsOrigins"] = """["*"]""";

        var (exitCode, _, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("prod", config));

        Assert.Equal(1, exitCode);
        Assert.Contains("platform:corsOrigins", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1023")]
    [InlineData("1073741825")]
    [InlineData("50MB")]
    public void Render_MaxImportBytesOutOfBounds_FailsNamingIt(string value)
    {
        var config = Rendering.StackConfigAsPulumiConfig("prod");
        config["platform:maxImportBytes"] = value;

        var (exitCode, stdout, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot], Rendering.PulumiEnvironment("prod", config));

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("platform:maxImportBytes", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1024")]
    [InlineData("1048576")]
    [InlineData("1073741824")]
    public void Render_MaxImportBytes_IsTheImportFunctionsEnvironment(string value)
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");
        config["platform:maxImportBytes"] = value;

        var program = RenderedProgram.Parse(Rendering.RenderAsPulumi("dev", config));

        Assert.Equal(value, RenderedProgram.Map(program.Get("import-catalogue").Object("environment")["variables"])["MAX_IMPORT_BYTES"]);
    }

    [Fact]
    public void PulumiYaml_DeclaresEverySettingTheStacksSet()
    {
        var project = File.ReadAllText(Path.Combine(Rendering.RepositoryRoot, "Pulumi.yaml"));

        foreach (var stack in Rendering.Stacks)
        {
            foreach (var key in Rendering.StackConfigAsPulumiConfig(stack).Keys.Where(k => k.StartsWith("platform:", StringComparison.Ordinal)))
            {
                Assert.Contains($"\n  {key["platform:".Length..]}:\n", project, StringComparison.Ordinal);
            }
        }

        Assert.Contains("compiler: dotnet run --project infra", project, StringComparison.Ordinal);
    }
}
