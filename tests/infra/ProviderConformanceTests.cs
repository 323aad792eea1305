using Platform.Infra.Core;

namespace Platform.Tests.Infra;

/// <summary>
/// What the Pulumi .NET SDK's type checker would catch: every rendered resource's inputs, type-checked by tsc against the
/// @pulumi/aws declarations of the provider version the program pins.
/// </summary>
public sealed class ProviderConformanceTests
{
    [Fact]
    public void RenderedStacks_TypeCheckAgainstPinnedProviderDeclarations()
    {
        var outputTypes = OutputsContract.Load().TypeScriptTypes();
        var files = Rendering.Stacks.ToDictionary(s => $"{s}.ts", s => TypeScriptProgram.Generate(Rendering.RenderStack(s), outputTypes));
        // Secret settings are read through the program's config block, so those inputs are config references, not literals.
        var secrets = Rendering.RenderAsPulumi("prod", Rendering.StackConfigAsPulumiConfig("prod"), ["platform:alarmEmail", "platform:jwtIssuer"]);
        files["prod-with-secrets.ts"] = TypeScriptProgram.Generate(secrets, outputTypes);
        files["plugin-discovery.ts"] = TypeScriptProgram.Generate(Rendering.RenderWithoutPulumi(), outputTypes);

        var check = TypeScriptCompiler.Check(files);

        Assert.True(check.ExitCode == 0, check.Report());
        Assert.All(files.Values, source =>
        {
            Assert.Contains("export const r_create_order: aws.lambda.FunctionArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket: aws.s3.BucketArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_encryption: aws.s3.BucketServerSideEncryptionConfigurationArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_versioning: aws.s3.BucketVersioningArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_public_access_block: aws.s3.BucketPublicAccessBlockArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_ownership_controls: aws.s3.BucketOwnershipControlsArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_policy: aws.s3.BucketPolicyArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_lifecycle: aws.s3.BucketLifecycleConfigurationArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const r_catalogue_bucket_notification: aws.s3.BucketNotificationArgs = {", source, StringComparison.Ordinal);
            Assert.Contains("export const var_caller_identity = aws.getCallerIdentityOutput({}, {", source, StringComparison.Ordinal);
            Assert.Contains("sourceAccount: var_caller_identity.accountId,", source, StringComparison.Ordinal);
        });
        Assert.Contains("endpoint: cfg_alarmEmail,", files["prod-with-secrets.ts"], StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedStack_WithMisspelledProperty_FailsNamingIt()
    {
        var program = Rendering.RenderStack("dev");
        var misspelled = program.Replace("\n      memorySize: ", "\n      memorySizee: ", StringComparison.Ordinal);
        Assert.NotEqual(program, misspelled);

        var check = TypeScriptCompiler.Check(new Dictionary<string, string> { ["dev.ts"] = TypeScriptProgram.Generate(misspelled) });

        Assert.NotEqual(0, check.ExitCode);
        Assert.Equal(RenderedProgram.Parse(program).OfType("aws:lambda:Function").Count(), check.Errors.Count);
        Assert.All(check.Errors, error =>
        {
            Assert.Contains("'memorySizee' does not exist in type 'FunctionArgs'", error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RenderedStack_WithStringWhereProviderWantsNumber_Fails()
    {
        var program = Rendering.RenderStack("dev");
        var quoted = program.Replace("\n      memorySize: 256\n", "\n      memorySize: \"256\"\n", StringComparison.Ordinal);
        Assert.NotEqual(program, quoted);

        var check = TypeScriptCompiler.Check(new Dictionary<string, string> { ["dev.ts"] = TypeScriptProgram.Generate(quoted) });

        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains(check.Errors, error => error.Contains("error TS2322: Type 'string' is not assignable", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderedStack_WithMisspelledBucketInputsAndInvokeField_FailsNamingEach()
    {
        var program = Rendering.RenderStack("prod");
        var misspelled = program
            .Replace("\n          filterPrefix: ", "\n          filterPrefx: ", StringComparison.Ordinal)
            .Replace("\n      blockPublicAcls: ", "\n      blockPublicAcl: ", StringComparison.Ordinal)
            .Replace("${caller-identity.accountId}", "${caller-identity.accountID}", StringComparison.Ordinal)
            .Replace("\n            days: 30\n", "\n            days: \"30\"\n", StringComparison.Ordinal);
        Assert.Equal(4, new[] { "filterPrefx: ", "blockPublicAcl: ", "accountID}", "days: \"30\"" }.Count(m => misspelled.Contains(m, StringComparison.Ordinal)));

        var check = TypeScriptCompiler.Check(new Dictionary<string, string> { ["prod.ts"] = TypeScriptProgram.Generate(misspelled) });

        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains(check.Errors, e => e.Contains("'filterPrefx' does not exist in type", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Contains("'blockPublicAcl' does not exist in type 'BucketPublicAccessBlockArgs'", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Contains("Property 'accountID' does not exist", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.Contains("error TS2322: Type 'string' is not assignable", StringComparison.Ordinal));
    }

    [Fact]
    public void TypeDeclarations_ArePinnedToTheProgramsProviderVersion()
    {
        var package = File.ReadAllText(Path.Combine(Rendering.RepositoryRoot, "package.json"));

        Assert.Contains($"\"@pulumi/aws\": \"{Deployment.AwsProviderVersion}\"", package, StringComparison.Ordinal);
        Assert.Equal(Deployment.AwsProviderVersion, TypeScriptCompiler.InstalledAwsVersion());
    }

    [Theory]
    [InlineData("aws:lambda:Function", "aws.lambda.Function")]
    [InlineData("aws:lambda/function:Function", "aws.lambda.Function")]
    [InlineData("aws:apigatewayv2/stage:Stage", "aws.apigatewayv2.Stage")]
    [InlineData("aws:index/provider:Provider", "aws.Provider")]
    public void TypePath_MapsTypeTokenToNamespace(string token, string expected)
    {
        Assert.Equal(expected, TypeScriptProgram.TypePath(token));
    }

    [Fact]
    public void Generate_TranslatesInvokeVariablesAndReferencesToTheirFields()
    {
        const string yaml = """
            name: p
            runtime: yaml
            variables:
              caller-identity:
                fn::invoke:
                  arguments: {}
                  function: "aws:index/getCallerIdentity:getCallerIdentity"
                  options:
                    version: "7.48.0"
              bucket-region:
                fn::invoke:
                  function: "aws:s3:getBucket"
                  arguments:
                    bucket: "${b.bucket}"
                  return: region
            resources:
              b:
                type: "aws:s3:Bucket"
                properties:
                  forceDestroy: false
              p:
                type: "aws:lambda:Permission"
                properties:
                  sourceAccount: "${caller-identity.accountId}"
            """;

        var source = TypeScriptProgram.Generate(yaml);

        Assert.Contains("export const var_caller_identity = aws.getCallerIdentityOutput({}, {\n  version: \"7.48.0\",\n});", source, StringComparison.Ordinal);
        Assert.Contains("export const var_bucket_region = aws.s3.getBucketOutput({\n  bucket: res_b.bucket,\n}).region;", source, StringComparison.Ordinal);
        Assert.Contains("sourceAccount: var_caller_identity.accountId,", source, StringComparison.Ordinal);
        Assert.True(source.IndexOf("var_caller_identity =", StringComparison.Ordinal) < source.IndexOf("export const r_p:", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_TranslatesReferencesFunctionsAndScalars()
    {
        const string yaml = """
            name: p
            runtime: yaml
            config:
              alarmEmail:
                type: string
                secret: true
            resources:
              fn:
                type: "aws:lambda:Function"
                properties:
                  code:
                    fn::fileArchive: artifacts/functions/linux-x64/fn
                  memorySize: 256
                  description: "${role.arn}:log-stream:* $${literal} ${alarmEmail}"
                  handler: "2.0"
                  role: "${role.arn}"
                options:
                  dependsOn:
                    - "${role}"
                  protect: true
              role:
                type: "aws:iam/role:Role"
                properties:
                  assumeRolePolicy:
                    fn::toJSON:
                      Version: "2012-10-17"
            outputs:
              roleArn: "${role.arn}"
            """;

        var source = TypeScriptProgram.Generate(yaml);

        Assert.Contains("declare const cfg_alarmEmail: pulumi.Output<string>;", source, StringComparison.Ordinal);
        Assert.Contains("declare const res_role: aws.iam.Role;", source, StringComparison.Ordinal);
        Assert.Contains("export const r_fn: aws.lambda.FunctionArgs = {", source, StringComparison.Ordinal);
        Assert.Contains("code: new pulumi.asset.FileArchive(\"artifacts/functions/linux-x64/fn\"),", source, StringComparison.Ordinal);
        Assert.Contains("memorySize: 256,", source, StringComparison.Ordinal);
        Assert.Contains("handler: \"2.0\",", source, StringComparison.Ordinal);
        Assert.Contains("description: pulumi.concat(res_role.arn, \":log-stream:* ${literal} \", cfg_alarmEmail),", source, StringComparison.Ordinal);
        Assert.Contains("role: res_role.arn,", source, StringComparison.Ordinal);
        Assert.Contains("export const o_fn: pulumi.CustomResourceOptions = {", source, StringComparison.Ordinal);
        Assert.Contains("res_role,", source, StringComparison.Ordinal);
        Assert.Contains("protect: true,", source, StringComparison.Ordinal);
        Assert.Contains("assumeRolePolicy: pulumi.jsonStringify({", source, StringComparison.Ordinal);
        Assert.Contains("export const stackOutputs = {", source, StringComparison.Ordinal);
    }
}
