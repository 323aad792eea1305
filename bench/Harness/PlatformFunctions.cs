using Platform.Infra.Definition;

namespace Platform.Bench.Harness;

/// <summary>The platform's functions as the definition declares them, with the environment Lambda would give each.</summary>
public static class PlatformFunctions
{
    public const string TableName = "platform-bench";
    public const string BusName = "platform-bench";

    public static IReadOnlyList<FunctionDefinition> All() => PlatformDefinition.Build(StackSettings.Defaults).Functions;

    /// <summary>The project file of a function (the one .csproj in its folder), relative to the repository.</summary>
    public static string ProjectFile(string repositoryRoot, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var folder = Path.Combine(repositoryRoot, function.ProjectPath);
        var project = Directory.GetFiles(folder, "*.csproj").Single();
        return Path.GetRelativePath(repositoryRoot, project);
    }

    /// <summary>
    /// The function's own variables (settings, table and bus names) plus dummy credentials, a region, and every AWS endpoint
    /// pointed at a closed loopback port: real initialisation, and a request that reached out would fail at once.
    /// </summary>
    public static Dictionary<string, string> Environment(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.Name,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDBENCHMARK",
            ["AWS_SECRET_ACCESS_KEY"] = "benchmark-secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
            ["AWS_LAMBDA_LOG_LEVEL"] = "INFO",
        };
        foreach (var variable in function.Environment)
        {
            environment[variable.Name] = variable.Value switch
            {
                TableNameValue => TableName,
                EventBusNameValue => BusName,
                SettingValue setting => setting.Value,
                LiteralValue literal => literal.Value,
                _ => throw new InvalidOperationException($"{function.Name}: {variable.Name} has a value kind the bench does not know."),
            };
        }

        return environment;
    }

    /// <summary>The bench/events file whose event the function answers without the network, by the kind of its trigger.</summary>
    public static string ColdStartEventFile(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return (function.Triggers.Count > 0 ? function.Triggers[0] : null) switch
        {
            HttpRoute => "http-invalid.json",
            QueueTrigger => "sqs-poison.json",
            _ => "eventbridge-unknown.json",
        };
    }
}
