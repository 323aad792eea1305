namespace Platform.Tests.Infra;

/// <summary>A config value the stack marks secret is referenced through the program's config block, never written into it.</summary>
public sealed class SecretTests
{
    private const string SecretEmail = "oncall-7f3a9c@secret.example.com";

    [Fact]
    public void Render_SecretConfigValue_NeverAppearsInProgram()
    {
        var config = Rendering.StackConfigAsPulumiConfig("prod");
        config["platform:alarmEmail"] = SecretEmail;

        var text = Rendering.RenderAsPulumi("prod", config, ["platform:alarmEmail"]);

        Assert.DoesNotContain(SecretEmail, text, StringComparison.Ordinal);
        var program = RenderedProgram.Parse(text);
        Assert.Equal("${alarmEmail}", program.Get("alarm-email")["endpoint"]);
        var declaration = RenderedProgram.Map(program.Config["alarmEmail"]);
        Assert.Equal("true", declaration["secret"]);
        Assert.Equal("string", declaration["type"]);
    }

    [Fact]
    public void Render_SecureValueInStackFile_IsReferencedNotInlined()
    {
        var directory = Directory.CreateTempSubdirectory("platform-infra-");
        try
        {
            var prod = File.ReadAllText(Path.Combine(Rendering.RepositoryRoot, "Pulumi.prod.yaml"));
            var secure = prod.Replace(
                "platform:jwtIssuer: https://auth.example.com/",
                "platform:jwtIssuer:\n    secure: v1:c2VjcmV0LWlzc3Vlcg==",
                StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(directory.FullName, "Pulumi.prod.yaml"), secure);

            var (exitCode, stdout, stderr) = Rendering.Run(["render", "--stack", "prod", "--config-dir", directory.FullName], new Dictionary<string, string>());

            Assert.True(exitCode == 0, stderr);
            var program = RenderedProgram.Parse(stdout);
            Assert.Equal("${jwtIssuer}", program.Get("api-authorizer").Object("jwtConfiguration")["issuer"]);
            Assert.DoesNotContain("v1:c2VjcmV0", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.invalid", stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Render_SecretUsedAsEnvironmentVariable_IsRefusedNamingTheSetting()
    {
        var config = Rendering.StackConfigAsPulumiConfig("dev");

        var (exitCode, stdout, stderr) = Rendering.Run(["--config-dir", Rendering.RepositoryRoot],
            Rendering.PulumiEnvironment("dev", config, ["platform:operationsEmail"]));

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("platform:operationsEmail", stderr, StringComparison.Ordinal);
        Assert.Contains("OPERATIONS_EMAIL", stderr, StringComparison.Ordinal);
    }
}
