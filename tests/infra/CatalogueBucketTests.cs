using Platform.Infra.Definition;

namespace Platform.Tests.Infra;

/// <summary>The catalogue bucket and its trigger, read as a reviewer of a production account reads them: on every stack.</summary>
public sealed class CatalogueBucketTests
{
    private const string Bucket = "catalogue-bucket";
    private const string BucketName = "${catalogue-bucket.bucket}";
    private const string BucketArn = "${catalogue-bucket.arn}";

    public static TheoryData<string> Stacks => [.. Rendering.Stacks];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Bucket_IsNamedByPulumi_AndNeverForceDestroyed(string stack)
    {
        var bucket = Assert.Single(RenderedProgram.Stack(stack).OfType("aws:s3:Bucket"));

        Assert.Equal(Bucket, bucket.Name);
        Assert.Equal("false", bucket["forceDestroy"]);
        Assert.Null(bucket["bucket"]);
        Assert.Null(bucket["bucketPrefix"]);
        Assert.Null(bucket["acl"]);
        Assert.Null(bucket["policy"]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Bucket_EncryptsEveryObjectByDefault_AndRefusesCustomerKeys(string stack)
    {
        var encryption = Assert.Single(RenderedProgram.Stack(stack).OfType("aws:s3:BucketServerSideEncryptionConfiguration"));

        Assert.Equal(BucketName, encryption["bucket"]);
        var rule = RenderedProgram.Map(Assert.Single(RenderedProgram.List(encryption["rules"])));
        Assert.Equal("AES256", RenderedProgram.Map(rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);
        Assert.Equal(["SSE-C"], RenderedProgram.List(rule["blockedEncryptionTypes"]).Cast<string>());
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Bucket_KeepsEveryVersion(string stack)
    {
        var versioning = Assert.Single(RenderedProgram.Stack(stack).OfType("aws:s3:BucketVersioning"));

        Assert.Equal(BucketName, versioning["bucket"]);
        Assert.Equal("Enabled", versioning.Object("versioningConfiguration")["status"]);
        Assert.Null(versioning.Object("versioningConfiguration").GetValueOrDefault("mfaDelete"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Bucket_BlocksEveryKindOfPublicAccess_AndDisablesAcls(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var block = Assert.Single(program.OfType("aws:s3:BucketPublicAccessBlock"));
        var ownership = Assert.Single(program.OfType("aws:s3:BucketOwnershipControls"));

        Assert.Equal(BucketName, block["bucket"]);
        Assert.All(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"], setting => Assert.Equal("true", block[setting]));
        Assert.Equal(BucketName, ownership["bucket"]);
        Assert.Equal("BucketOwnerEnforced", ownership.Object("rule")["objectOwnership"]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void BucketPolicy_DeniesEveryActionWithoutTls_OnTheBucketAndEveryObject_AndGrantsNothing(string stack)
    {
        var policy = Assert.Single(RenderedProgram.Stack(stack).OfType("aws:s3:BucketPolicy"));

        Assert.Equal(BucketName, policy["bucket"]);
        var statement = RenderedProgram.Map(Assert.Single(RenderedProgram.List(policy.Json("policy")["Statement"])));
        Assert.Equal("Deny", statement["Effect"]);
        Assert.Equal("*", statement["Principal"]);
        Assert.Equal(["s3:*"], RenderedProgram.List(statement["Action"]).Cast<string>());
        Assert.Equal([BucketArn, BucketArn + "/*"], RenderedProgram.List(statement["Resource"]).Cast<string>());
        var condition = RenderedProgram.Map(statement["Condition"]);
        Assert.Equal("false", RenderedProgram.Map(Assert.Single(condition, c => (string)c.Key == "Bool").Value)["aws:SecureTransport"]);
        Assert.Equal(["${catalogue-bucket-public-access-block}"], RenderedProgram.List(policy.Options["dependsOn"]).Cast<string>());
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Lifecycle_ExpiresReports_AndCleansUpOldVersionsAndAbandonedUploads(string stack)
    {
        var lifecycle = Assert.Single(RenderedProgram.Stack(stack).OfType("aws:s3:BucketLifecycleConfiguration"));
        var rules = RenderedProgram.List(lifecycle["rules"]).Select(RenderedProgram.Map).ToList();

        Assert.Equal(BucketName, lifecycle["bucket"]);
        Assert.All(rules, rule => Assert.Equal("Enabled", rule["status"]));
        var reports = Assert.Single(rules, r => RenderedProgram.Map(r["filter"]).GetValueOrDefault("prefix") as string == "reports/");
        Assert.Equal("30", RenderedProgram.Map(reports["expiration"])["days"]);
        Assert.DoesNotContain(rules, r => RenderedProgram.Map(r["filter"]).GetValueOrDefault("prefix") as string == "imports/");
        var everything = Assert.Single(rules, r => RenderedProgram.Map(r["filter"]).Count == 0);
        Assert.Equal("30", RenderedProgram.Map(everything["noncurrentVersionExpiration"])["noncurrentDays"]);
        Assert.Equal("7", RenderedProgram.Map(everything["abortIncompleteMultipartUpload"])["daysAfterInitiation"]);
        Assert.Equal("true", RenderedProgram.Map(everything["expiration"])["expiredObjectDeleteMarker"]);
        Assert.Equal(["${catalogue-bucket-versioning}"], RenderedProgram.List(lifecycle.Options["dependsOn"]).Cast<string>());
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Notification_InvokesImportCatalogueOnObjectsCreatedUnderImports_OnlyAfterItsPermission(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var notification = Assert.Single(program.OfType("aws:s3:BucketNotification"));

        Assert.Equal(BucketName, notification["bucket"]);
        Assert.Null(notification["queues"]);
        Assert.Null(notification["topics"]);
        var target = RenderedProgram.Map(Assert.Single(RenderedProgram.List(notification["lambdaFunctions"])));
        Assert.Equal("${import-catalogue.arn}", target["lambdaFunctionArn"]);
        Assert.Equal(["s3:ObjectCreated:*"], RenderedProgram.List(target["events"]).Cast<string>());
        Assert.Equal("imports/", target["filterPrefix"]);
        Assert.Null(target.GetValueOrDefault("filterSuffix"));
        var permission = RenderedProgram.ReferencedName(Assert.Single(RenderedProgram.List(notification.Options["dependsOn"])));
        Assert.Equal("aws:lambda:Permission", program.Get(permission).Type);
        Assert.Equal("${import-catalogue.name}", program.Get(permission)["function"]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void InvokePermission_AllowsS3OnlyForThisBucketInThisAccount(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var permission = Assert.Single(program.OfType("aws:lambda:Permission"), p => (string)p["principal"]! == "s3.amazonaws.com");

        Assert.Equal("${import-catalogue.name}", permission["function"]);
        Assert.Equal("lambda:InvokeFunction", permission["action"]);
        Assert.Equal(BucketArn, permission["sourceArn"]);
        var account = (string)permission["sourceAccount"]!;
        var caller = RenderedProgram.Map(RenderedProgram.Map(program.Variables[RenderedProgram.ReferencedName(account)])["fn::invoke"]);
        Assert.Equal("${caller-identity.accountId}", account);
        Assert.Equal("aws:index/getCallerIdentity:getCallerIdentity", caller["function"]);
        Assert.Empty(RenderedProgram.Map(caller["arguments"]));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void ImportCatalogueRole_ReadsAndListsOnlyImports_WritesOnlyReports_AndNoOtherRoleTouchesS3(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var s3Statements = program.OfType("aws:iam:RolePolicy")
            .SelectMany(p => RenderedProgram.List(p.Json("policy")["Statement"]).Select(s => (Role: (string)p["role"]!, Statement: RenderedProgram.Map(s))))
            .Where(x => RenderedProgram.List(x.Statement["Action"]).Cast<string>().Any(a => a.StartsWith("s3:", StringComparison.Ordinal)))
            .ToList();

        Assert.All(s3Statements, x => Assert.Equal("${import-catalogue-role.id}", x.Role));
        var grants = s3Statements
            .Select(x => (
                Effect: (string)x.Statement["Effect"]!,
                Actions: RenderedProgram.List(x.Statement["Action"]).Cast<string>().ToList(),
                Resources: RenderedProgram.List(x.Statement["Resource"]).Cast<string>().ToList(),
                Condition: x.Statement.TryGetValue("Condition", out var condition) ? RenderedProgram.Map(condition) : null))
            .ToList();
        Assert.Equal(3, grants.Count);
        Assert.All(grants, g => Assert.Equal("Allow", g.Effect));
        Assert.Contains(grants, g => g.Actions.SequenceEqual(["s3:GetObject"]) && g.Resources.SequenceEqual([BucketArn + "/imports/*"]) && g.Condition is null);
        Assert.Contains(grants, g => g.Actions.SequenceEqual(["s3:PutObject"]) && g.Resources.SequenceEqual([BucketArn + "/reports/*"]) && g.Condition is null);

        // Without ListBucket S3 answers a read of a deleted key with 403, not 404; the condition keeps listing to imports/.
        var list = Assert.Single(grants, g => g.Actions.SequenceEqual(["s3:ListBucket"]));
        Assert.Equal([BucketArn], list.Resources);
        Assert.NotNull(list.Condition);
        Assert.Equal(["StringLike"], list.Condition.Keys.Cast<string>());
        var stringLike = RenderedProgram.Map(list.Condition["StringLike"]);
        Assert.Equal(["s3:prefix"], stringLike.Keys.Cast<string>());
        Assert.Equal("imports/*", stringLike["s3:prefix"]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void ImportCatalogue_IsAWorker_WithItsEnvironmentAndAlarms(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var function = program.Get("import-catalogue");
        var worker = program.Get("payment-processed");

        // One conditional write per row: the import gets minutes where other workers get seconds (never less than they do).
        Assert.Equal(Math.Max(worker.Int("timeout"), Platform.Infra.Definition.PlatformDefinition.ImportTimeoutSeconds), function.Int("timeout"));
        Assert.True(function.Int("timeout") <= 900, "Lambda's maximum timeout is 15 minutes.");
        var variables = RenderedProgram.Map(function.Object("environment")["variables"]);
        Assert.Equal(["EVENT_BUS_NAME", "MAX_IMPORT_BYTES", "TABLE_NAME"], variables.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal("52428800", variables["MAX_IMPORT_BYTES"]);
        Assert.Equal("${platform-table.name}", variables["TABLE_NAME"]);
        Assert.Equal("${event-bus.name}", variables["EVENT_BUS_NAME"]);
        var alarms = program.OfType("aws:cloudwatch:MetricAlarm")
            .Where(a => a.Object("dimensions").GetValueOrDefault("FunctionName") as string == "${import-catalogue.name}")
            .Select(a => (string)a["metricName"]!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["Duration", "Errors", "Throttles"], alarms);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Rendered_TriggerAndLifecycle_AreTheDefinitions(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var model = PlatformDefinition.Build(StackSettings.Defaults);
        var trigger = Assert.Single(model.Functions.SelectMany(f => f.Triggers.OfType<StorageTrigger>().Select(t => (Function: f.Name, Trigger: t))));
        var bucket = model.Bucket(trigger.Trigger.Bucket);

        var target = RenderedProgram.Map(Assert.Single(RenderedProgram.List(Assert.Single(program.OfType("aws:s3:BucketNotification"))["lambdaFunctions"])));
        Assert.Equal($"${{{trigger.Function}.arn}}", target["lambdaFunctionArn"]);
        Assert.Equal(trigger.Trigger.Events, RenderedProgram.List(target["events"]).Cast<string>());
        Assert.Equal(trigger.Trigger.Prefix, target["filterPrefix"]);
        Assert.Equal($"{bucket.Name}-bucket", Assert.Single(program.OfType("aws:s3:Bucket")).Name);
        var expiries = RenderedProgram.List(Assert.Single(program.OfType("aws:s3:BucketLifecycleConfiguration"))["rules"]).Select(RenderedProgram.Map)
            .Where(r => r.ContainsKey("expiration") && RenderedProgram.Map(r["expiration"]).ContainsKey("days"))
            .Select(r => new ObjectExpiry((string)RenderedProgram.Map(r["filter"])["prefix"]!, int.Parse((string)RenderedProgram.Map(r["expiration"])["days"]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(bucket.Expirations, expiries);
    }
}
