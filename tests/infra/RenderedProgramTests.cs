using System.Text.RegularExpressions;

namespace Platform.Tests.Infra;

/// <summary>The platform's rules, asserted on the program rendered from each stack's config file.</summary>
public sealed partial class RenderedProgramTests
{
    public static TheoryData<string> Stacks => [.. Rendering.Stacks];

    private static readonly string[] ExpectedFunctions =
    [
        "create-order", "create-user", "expire-orders", "get-order", "get-user", "import-catalogue", "inventory-updated",
        "order-created", "payment-processed", "process-payment", "put-product", "send-confirmation", "update-user",
    ];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Functions_EachHasItsOwnRole_AndPolicyWithoutWildcards(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var functions = program.OfType("aws:lambda:Function").ToList();

        Assert.Equal(ExpectedFunctions, functions.Select(f => f.Name));
        var roles = functions.Select(f => RenderedProgram.ReferencedName(f["role"])).ToList();
        Assert.Equal(roles.Count, roles.Distinct(StringComparer.Ordinal).Count());
        foreach (var (function, role) in functions.Zip(roles))
        {
            Assert.Equal($"{function.Name}-role", role);
            var policies = program.OfType("aws:iam:RolePolicy").Where(p => (string)p["role"]! == $"${{{role}.id}}").ToList();
            var policy = Assert.Single(policies);
            foreach (var statement in RenderedProgram.List(policy.Json("policy")["Statement"]).Select(RenderedProgram.Map))
            {
                var actions = RenderedProgram.List(statement["Action"]).Cast<string>().ToList();
                Assert.All(actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
                Assert.All(RenderedProgram.List(statement["Resource"]), resource =>
                {
                    var arn = (string)resource!;
                    // Log stream names are chosen by Lambda, object keys by whoever uploads: a wildcard after the log group or
                    // after one literal key prefix of a bucket is the only kind the services need.
                    var withoutWildcard = arn.EndsWith(":log-stream:*", StringComparison.Ordinal) ? arn[..^":log-stream:*".Length]
                        : actions.All(a => a is "s3:GetObject" or "s3:PutObject") && ObjectPrefixArn().Match(arn) is { Success: true } objects ? objects.Groups["bucket"].Value
                        : arn;
                    Assert.DoesNotContain("*", withoutWildcard, StringComparison.Ordinal);
                    Assert.StartsWith("${", arn, StringComparison.Ordinal);
                });
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Functions_RunNativeAotOnCustomRuntime_WithStackSettings(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var architecture = stack == "prod" ? "arm64" : "x86_64";
        var rid = stack == "prod" ? "linux-arm64" : "linux-x64";

        Assert.All(program.OfType("aws:lambda:Function"), function =>
        {
            Assert.Equal("provided.al2023", function["runtime"]);
            Assert.Equal("bootstrap", function["handler"]);
            Assert.Equal([architecture], RenderedProgram.List(function["architectures"]).Cast<string>());
            Assert.Equal($"artifacts/functions/{rid}/{function.Name}", function.Object("code")["fn::fileArchive"]);
            Assert.Equal("Active", function.Object("tracingConfig")["mode"]);
            Assert.Equal("JSON", function.Object("loggingConfig")["logFormat"]);
            Assert.Equal($"${{{function.Name}-logs.name}}", function.Object("loggingConfig")["logGroup"]);
            Assert.NotNull(function["memorySize"]);
            Assert.NotNull(function["timeout"]);
            Assert.NotNull(function["reservedConcurrentExecutions"]);
            var logs = program.Get($"{function.Name}-logs");
            Assert.True(logs.Int("retentionInDays") >= 14);
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EventTargets_EachHasRetryPolicyAndDeadLetterQueueThatAcceptsOnlyItsRule(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var targets = program.OfType("aws:cloudwatch:EventTarget").ToList();

        Assert.Equal(6, targets.Count); // five subscriptions and the schedule
        Assert.All(targets, target =>
        {
            var retry = target.Object("retryPolicy");
            Assert.True(int.Parse((string)retry["maximumRetryAttempts"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.NotNull(retry["maximumEventAgeInSeconds"]);
            var dlq = RenderedProgram.ReferencedName(target.Object("deadLetterConfig")["arn"]);
            Assert.Equal("aws:sqs:Queue", program.Get(dlq).Type);

            var rule = RenderedProgram.ReferencedName(target["rule"]);
            var policy = program.OfType("aws:sqs:QueuePolicy").Single(p => (string)p["queueUrl"]! == $"${{{dlq}.url}}");
            var allow = RenderedProgram.List(policy.Json("policy")["Statement"]).Select(RenderedProgram.Map).Single(s => (string)s["Effect"]! == "Allow");
            Assert.Equal("events.amazonaws.com", RenderedProgram.Map(allow["Principal"])["Service"]);
            Assert.Equal($"${{{rule}.arn}}", RenderedProgram.Map(RenderedProgram.Map(allow["Condition"])["ArnEquals"])["aws:SourceArn"]);
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void AsyncInvokedFunctions_EachHasOnFailureDestination(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var invokedByRules = program.OfType("aws:cloudwatch:EventTarget")
            .Select(t => RenderedProgram.ReferencedName(t["arn"]))
            .Where(name => program.Get(name).Type == "aws:lambda:Function");
        var invokedByBuckets = program.OfType("aws:s3:BucketNotification")
            .SelectMany(n => RenderedProgram.List(n["lambdaFunctions"]).Select(f => RenderedProgram.ReferencedName(RenderedProgram.Map(f)["lambdaFunctionArn"])));
        var invokedAsynchronously = invokedByRules.Concat(invokedByBuckets).Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["expire-orders", "import-catalogue", "inventory-updated", "order-created", "payment-processed", "send-confirmation"],
            invokedAsynchronously.Order(StringComparer.Ordinal));
        foreach (var function in invokedAsynchronously)
        {
            var config = program.OfType("aws:lambda:FunctionEventInvokeConfig").Single(c => (string)c["functionName"]! == $"${{{function}.name}}");
            var destination = RenderedProgram.Map(config.Object("destinationConfig")["onFailure"])["destination"];
            Assert.Equal("aws:sqs:Queue", program.Get(RenderedProgram.ReferencedName(destination)).Type);
            Assert.NotNull(config["maximumRetryAttempts"]);
            Assert.NotNull(config["maximumEventAgeInSeconds"]);
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void DeadLetterQueues_EachHasAnAlarmToTheAlarmTopic(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var deadLetterQueues = program.OfType("aws:cloudwatch:EventTarget").Select(t => t.Object("deadLetterConfig")["arn"])
            .Concat(program.OfType("aws:lambda:FunctionEventInvokeConfig").Select(c => RenderedProgram.Map(c.Object("destinationConfig")["onFailure"])["destination"]))
            .Concat(program.OfType("aws:sqs:Queue").Where(q => q["redrivePolicy"] is not null).Select(q => q.Json("redrivePolicy")["deadLetterTargetArn"]))
            .Select(RenderedProgram.ReferencedName)
            .ToList();

        Assert.Equal(13, deadLetterQueues.Count); // 6 rule DLQs, 6 failure destinations, the payments DLQ
        var alarms = program.OfType("aws:cloudwatch:MetricAlarm").ToList();
        Assert.All(deadLetterQueues, queue =>
        {
            var alarm = Assert.Single(alarms, a => a.Object("dimensions").GetValueOrDefault("QueueName") as string == $"${{{queue}.name}}");
            Assert.Equal("ApproximateNumberOfMessagesVisible", alarm["metricName"]);
            Assert.Equal("0", alarm["threshold"]);
            Assert.Equal("GreaterThanThreshold", alarm["comparisonOperator"]);
            Assert.Equal(["${alarm-topic.arn}"], RenderedProgram.List(alarm["alarmActions"]).Cast<string>());
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void PaymentsQueue_TimeoutsRedriveAndRetentionFollowTheRules(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var queue = program.Get("payments-queue");
        var mapping = Assert.Single(program.OfType("aws:lambda:EventSourceMapping"));
        var consumer = program.Get(RenderedProgram.ReferencedName(mapping["functionName"]));
        var redrive = queue.Json("redrivePolicy");
        var dlq = program.Get(RenderedProgram.ReferencedName(redrive["deadLetterTargetArn"]));

        Assert.Equal("process-payment", consumer.Name);
        Assert.Equal("${payments-queue.arn}", mapping["eventSourceArn"]);
        Assert.Equal(["ReportBatchItemFailures"], RenderedProgram.List(mapping["functionResponseTypes"]).Cast<string>());
        Assert.NotNull(mapping["batchSize"]);
        Assert.NotNull(mapping["maximumBatchingWindowInSeconds"]);
        Assert.True(queue.Int("visibilityTimeoutSeconds") >= 6 * consumer.Int("timeout"));
        Assert.True(int.Parse((string)redrive["maxReceiveCount"]!, System.Globalization.CultureInfo.InvariantCulture) >= 5);
        Assert.True(dlq.Int("messageRetentionSeconds") > queue.Int("messageRetentionSeconds"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Queues_AreEncryptedAndTlsOnly(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var policies = program.OfType("aws:sqs:QueuePolicy").ToList();

        Assert.All(program.OfType("aws:sqs:Queue"), queue =>
        {
            Assert.Equal("true", queue["sqsManagedSseEnabled"]);
            var policy = Assert.Single(policies, p => (string)p["queueUrl"]! == $"${{{queue.Name}.url}}");
            var deny = RenderedProgram.List(policy.Json("policy")["Statement"]).Select(RenderedProgram.Map).Single(s => (string)s["Effect"]! == "Deny");
            Assert.Equal("false", RenderedProgram.Map(RenderedProgram.Map(deny["Condition"])["Bool"])["aws:SecureTransport"]);
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void InvokePermissions_AreEachScopedToASourceArn(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var permissions = program.OfType("aws:lambda:Permission").ToList();

        Assert.Equal(6 + 5 + 1, permissions.Count); // six routes, five rules that invoke functions, one bucket notification
        Assert.All(permissions, permission =>
        {
            var source = (string)permission["sourceArn"]!;
            Assert.True(source.StartsWith("${api.executionArn}/*/", StringComparison.Ordinal) || RenderedProgram.ReferencedName(source).Length > 0, source);
            Assert.Equal("lambda:InvokeFunction", permission["action"]);
        });
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Routes_AreTheApisRoutes_AllJwtProtected(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var routes = program.OfType("aws:apigatewayv2:Route").ToDictionary(r => (string)r["routeKey"]!);

        Assert.Equal(
            ["GET /orders/{id}", "GET /users/{id}", "PATCH /users/{id}", "POST /orders", "POST /users", "PUT /products/{sku}"],
            routes.Keys.Order(StringComparer.Ordinal));
        Assert.All(routes.Values, route =>
        {
            Assert.Equal("JWT", route["authorizationType"]);
            Assert.Equal("${api-authorizer.id}", route["authorizerId"]);
        });
        var authorizer = program.Get("api-authorizer");
        Assert.StartsWith("https://", (string)authorizer.Object("jwtConfiguration")["issuer"]!, StringComparison.Ordinal);
        Assert.All(program.OfType("aws:apigatewayv2:Integration"), i => Assert.Equal("2.0", i["payloadFormatVersion"]));
        var stage = program.Get("api-stage");
        Assert.Equal("$default", stage["name"]);
        Assert.NotNull(stage.Object("defaultRouteSettings")["throttlingBurstLimit"]);
        Assert.NotNull(stage.Object("defaultRouteSettings")["throttlingRateLimit"]);
        Assert.NotNull(stage.Object("accessLogSettings")["format"]);
        Assert.DoesNotContain("*", RenderedProgram.List(program.Get("api").Object("corsConfiguration")["allowOrigins"]).Cast<string>());
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Rules_RouteEachEventTypeToItsConsumers(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var consumers = program.OfType("aws:cloudwatch:EventTarget")
            .Select(t => (Rule: program.Get(RenderedProgram.ReferencedName(t["rule"])), Target: RenderedProgram.ReferencedName(t["arn"])))
            .Where(x => x.Rule["eventPattern"] is not null)
            .SelectMany(x => RenderedProgram.List(x.Rule.Json("eventPattern")["detail-type"]).Select(d => $"{d} → {x.Target}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "Inventory Updated → inventory-updated",
                "Order Created → order-created",
                "Order Created → payments-queue",
                "Payment Failed → send-confirmation",
                "Payment Processed → payment-processed",
                "Payment Processed → send-confirmation",
            ],
            consumers);
        Assert.All(program.OfType("aws:cloudwatch:EventRule").Where(r => r["eventPattern"] is not null),
            rule => Assert.Equal("${event-bus.name}", rule["eventBusName"]));
        var schedule = Assert.Single(program.OfType("aws:cloudwatch:EventRule"), r => r["scheduleExpression"] is not null);
        Assert.StartsWith("rate(", (string)schedule["scheduleExpression"]!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Table_HasKeysIndexTtlAndEncryption(string stack)
    {
        var table = RenderedProgram.Stack(stack).Get("platform-table");

        Assert.Equal("PK", table["hashKey"]);
        Assert.Equal("SK", table["rangeKey"]);
        var index = RenderedProgram.Map(Assert.Single(RenderedProgram.List(table["globalSecondaryIndexes"])));
        Assert.Equal("GSI1", index["name"]);
        Assert.Equal("GSI1PK", index["hashKey"]);
        Assert.Equal("GSI1SK", index["rangeKey"]);
        Assert.Equal("expiresAt", table.Object("ttl")["attributeName"]);
        Assert.Equal("true", table.Object("serverSideEncryption")["enabled"]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Program_PinsTheProviderAndDeclaresTheOutputs(string stack)
    {
        var program = RenderedProgram.Stack(stack);

        Assert.Equal("platform", program.Root["name"]);
        Assert.Equal("yaml", program.Root["runtime"]);
        Assert.All(program.Resources.Values.Select(RenderedProgram.Map), resource =>
            Assert.Equal("7.48.0", RenderedProgram.Map(resource["options"])["version"]));
        Assert.NotEmpty(program.Variables);
        Assert.All(program.Variables.Values.Select(v => RenderedProgram.Map(RenderedProgram.Map(v)["fn::invoke"])), invoke =>
            Assert.Equal("7.48.0", RenderedProgram.Map(invoke["options"])["version"]));
        Assert.Equal(
            [
                "alarmTopicArn", "apiUrl", "catalogueBucketArn", "catalogueBucketName", "deadLetterQueueUrls", "eventBusArn", "eventBusName",
                "functionNames", "paymentsQueueUrl", "tableName",
            ],
            program.Outputs.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedFunctions, RenderedProgram.Map(program.Outputs["functionNames"]).Keys.Cast<string>());
        Assert.Equal(13, RenderedProgram.Map(program.Outputs["deadLetterQueueUrls"]).Count);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void References_EachNamesADeclaredResourceOrConfig(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var declared = program.Resources.Keys.Cast<string>().Concat(program.Config.Keys.Cast<string>()).Concat(program.Variables.Keys.Cast<string>())
            .ToHashSet(StringComparer.Ordinal);

        var references = program.References().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference.Name, declared));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void References_EachNamesAnOutputOfTheResourcesType(string stack)
    {
        var program = RenderedProgram.Stack(stack);

        var references = program.References().Where(r => r.Property is not null && program.Resources.ContainsKey(r.Name)).ToList();
        var fields = program.References().Where(r => r.Property is not null && program.Variables.ContainsKey(r.Name)).ToList();

        Assert.All(references, reference =>
        {
            var type = program.Get(reference.Name).Type;
            Assert.True(ProviderOutputs.TryGetValue(type, out var outputs), $"no known outputs for {type}");
            Assert.True(reference.Property is "id" or "urn" || outputs.Contains(reference.Property!), $"{reference.Name}.{reference.Property}: not an output of {type}");
        });
        Assert.NotEmpty(fields);
        Assert.All(fields, field =>
        {
            var function = (string)RenderedProgram.Map(RenderedProgram.Map(program.Variables[field.Name])["fn::invoke"])["function"]!;
            Assert.True(ProviderFunctionResults.TryGetValue(function, out var results), $"no known result fields for {function}");
            Assert.True(results.Contains(field.Property!), $"{field.Name}.{field.Property}: not a result field of {function}");
        });
    }

    // Output properties of the pinned provider's types (pulumi-aws 7.48.0), written independently of the C# resource classes.
    private static readonly Dictionary<string, string[]> ProviderOutputs = new(StringComparer.Ordinal)
    {
        ["aws:lambda:Function"] = ["arn", "name", "invokeArn", "qualifiedArn", "version"],
        ["aws:iam:Role"] = ["arn", "name", "uniqueId"],
        ["aws:cloudwatch:LogGroup"] = ["arn", "name"],
        ["aws:cloudwatch:EventBus"] = ["arn", "name"],
        ["aws:cloudwatch:EventRule"] = ["arn", "name"],
        ["aws:cloudwatch:MetricAlarm"] = ["arn"],
        ["aws:sqs:Queue"] = ["arn", "name", "url"],
        ["aws:dynamodb:Table"] = ["arn", "name", "streamArn"],
        ["aws:apigatewayv2:Api"] = ["apiEndpoint", "arn", "executionArn"],
        ["aws:apigatewayv2:Authorizer"] = [],
        ["aws:apigatewayv2:Integration"] = [],
        ["aws:apigatewayv2:Stage"] = ["arn", "invokeUrl"],
        ["aws:sns:Topic"] = ["arn", "name"],
        ["aws:sesv2:EmailIdentity"] = ["arn"],
        ["aws:s3:Bucket"] = ["arn", "bucket", "bucketDomainName", "bucketRegionalDomainName", "region"],
    };

    // Result fields of the provider functions the program calls (pulumi-aws 7.48.0).
    private static readonly Dictionary<string, string[]> ProviderFunctionResults = new(StringComparer.Ordinal)
    {
        ["aws:index/getCallerIdentity:getCallerIdentity"] = ["accountId", "arn", "id", "userId"],
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Dashboard_ShowsEveryFunctionAndDeadLetterQueue(string stack)
    {
        var program = RenderedProgram.Stack(stack);
        var dashboard = Assert.Single(program.OfType("aws:cloudwatch:Dashboard"));

        var body = dashboard.Json("dashboardBody");
        var dimensions = RenderedProgram.List(body["widgets"]).Select(RenderedProgram.Map)
            .SelectMany(w => RenderedProgram.List(RenderedProgram.Map(w["properties"])["metrics"]))
            .Select(m => (string)RenderedProgram.List(m)[3]!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal($"platform-{stack}", dashboard["dashboardName"]);
        Assert.All(program.OfType("aws:lambda:Function"), f => Assert.Contains($"${{{f.Name}.name}}", dimensions));
        Assert.All(program.OfType("aws:cloudwatch:MetricAlarm").Select(a => a.Object("dimensions").GetValueOrDefault("QueueName")).OfType<string>(),
            queue => Assert.Contains(queue, dimensions));
    }

    [Fact]
    public void Prod_ProtectsDataAndKeepsLogsLonger_DevDoesNot()
    {
        var prod = RenderedProgram.Stack("prod");
        var dev = RenderedProgram.Stack("dev");

        var prodTable = prod.Get("platform-table");
        Assert.Equal("true", prodTable["deletionProtectionEnabled"]);
        Assert.Equal("true", prodTable.Object("pointInTimeRecovery")["enabled"]);
        Assert.Equal("true", prodTable.Options["protect"]);
        Assert.All(prod.OfType("aws:cloudwatch:LogGroup"), g => Assert.True(g.Int("retentionInDays") >= 90));
        Assert.Equal("false", dev.Get("platform-table")["deletionProtectionEnabled"]);
        Assert.False(dev.Get("platform-table").Options.ContainsKey("protect"));
        Assert.True(prod.Get("create-order").Int("memorySize") > dev.Get("create-order").Int("memorySize"));
    }

    [GeneratedRegex(@"^(?<bucket>\$\{[A-Za-z0-9-]+\.arn\})/[a-z0-9-]+/\*$")]
    private static partial Regex ObjectPrefixArn();
}
