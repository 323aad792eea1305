using System.Collections;
using System.Globalization;
using System.Text.Json;
using Platform.Infra.Definition;
using YamlDotNet.RepresentationModel;

namespace Platform.Infra.Configuration;

/// <summary>The environment variables of this process (injected, so tests can render as Pulumi's language host would).</summary>
public static class ProcessEnvironment
{
    public static IReadOnlyDictionary<string, string> Read() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
}

/// <summary>A stack's settings and which of its config keys are secret.</summary>
/// <param name="StackName">The stack, e.g. <c>dev</c>.</param>
/// <param name="Settings">The settings, defaults filled in.</param>
/// <param name="SecretKeys">Unqualified keys (e.g. <c>alarmEmail</c>) whose values the program must reference through its config block.</param>
public sealed record StackConfiguration(string StackName, StackSettings Settings, IReadOnlySet<string> SecretKeys)
{
    /// <summary>The stack's <c>aws:region</c>, when its config sets one (the dashboard's widgets need it).</summary>
    public string? Region { get; init; }

    /// <summary>The built-in defaults (the dev stack), used when nothing tells us the stack.</summary>
    public static StackConfiguration Defaults() => new("dev", StackSettings.Defaults, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Reads the <c>PULUMI_CONFIG</c> JSON object (keys like <c>platform:memorySize</c>) and <c>PULUMI_CONFIG_SECRET_KEYS</c>.</summary>
    public static StackConfiguration FromPulumiEnvironment(string stackName, string? configJson, string? secretKeysJson)
    {
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(configJson))
        {
            using var document = JsonDocument.Parse(configJson);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                values[property.Name] = ConfigValue.Scalar(text);
            }
        }

        var secrets = string.IsNullOrWhiteSpace(secretKeysJson)
            ? []
            : JsonSerializer.Deserialize<string[]>(secretKeysJson) ?? [];
        return Apply(stackName, values, secrets);
    }

    /// <summary>Reads <c>Pulumi.&lt;stack&gt;.yaml</c>; <c>secure:</c> values are known to be secret but not decrypted.</summary>
    public static StackConfiguration FromStackFile(string path, string stackName)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        var secrets = new List<string>();
        if (stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode)
            && configNode is YamlMappingNode config)
        {
            foreach (var (keyNode, valueNode) in config.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                switch (valueNode)
                {
                    case YamlScalarNode scalar:
                        values[key] = ConfigValue.Scalar(scalar.Value ?? string.Empty);
                        break;
                    case YamlSequenceNode sequence:
                        values[key] = ConfigValue.List([.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty)]);
                        break;
                    case YamlMappingNode mapping when mapping.Children.ContainsKey(new YamlScalarNode("secure")):
                        values[key] = ConfigValue.Secret;
                        secrets.Add(key);
                        break;
                    default:
                        throw new ConfigurationException($"{key}: unsupported value in {Path.GetFileName(path)}.");
                }
            }
        }

        return Apply(stackName, values, secrets);
    }

    private static StackConfiguration Apply(string stackName, Dictionary<string, ConfigValue> values, IEnumerable<string> secretKeys)
    {
        var prefix = SettingKeys.Namespace + ":";
        var secrets = new HashSet<string>(
            secretKeys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]),
            StringComparer.Ordinal);
        var settings = StackSettings.Defaults;
        string? region = values.TryGetValue("aws:region", out var regionValue) && !regionValue.IsSecret ? regionValue.Text : null;
        foreach (var (qualified, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!qualified.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue; // aws:region and other providers' settings are Pulumi's business.
            }

            var key = qualified[prefix.Length..];
            if (!Setters.TryGetValue(key, out var setter))
            {
                throw new ConfigurationException($"{qualified}: unknown setting (known: {string.Join(", ", Setters.Keys.Order(StringComparer.Ordinal))}).");
            }

            if (value.IsSecret || secrets.Contains(key))
            {
                if (!SecretCapable.Contains(key))
                {
                    throw new ConfigurationException($"{qualified}: this setting cannot be secret (only {string.Join(", ", SecretCapable.Order(StringComparer.Ordinal))} can).");
                }

                secrets.Add(key);
            }

            try
            {
                settings = setter(settings, value.IsSecret ? ConfigValue.Scalar(SecretPlaceholder(key)) : value);
            }
            catch (FormatException exception)
            {
                throw new ConfigurationException($"{qualified}: {exception.Message}", exception);
            }
        }

        return new StackConfiguration(stackName, settings, secrets) { Region = region };
    }

    // A secure: value we cannot decrypt still has to pass validation; it is only ever rendered as a config reference.
    private static string SecretPlaceholder(string key) => key == SettingKeys.JwtIssuer ? "https://secret.invalid/" : "secret@secret.invalid";

    private static readonly HashSet<string> SecretCapable = new(StringComparer.Ordinal)
    {
        SettingKeys.AlarmEmail, SettingKeys.SenderEmail, SettingKeys.OperationsEmail, SettingKeys.JwtIssuer, SettingKeys.JwtAudience,
    };

    private static readonly Dictionary<string, Func<StackSettings, ConfigValue, StackSettings>> Setters = new(StringComparer.Ordinal)
    {
        [SettingKeys.Architecture] = (s, v) => s with { Architecture = v.Text switch
        {
            "x86_64" => Architecture.X64,
            "arm64" => Architecture.Arm64,
            _ => throw new FormatException($"must be x86_64 or arm64, not '{v.Text}'."),
        } },
        [SettingKeys.MemorySize] = (s, v) => s with { MemorySize = v.Int },
        [SettingKeys.ApiTimeoutSeconds] = (s, v) => s with { ApiTimeoutSeconds = v.Int },
        [SettingKeys.WorkerTimeoutSeconds] = (s, v) => s with { WorkerTimeoutSeconds = v.Int },
        [SettingKeys.ReservedConcurrency] = (s, v) => s with { ReservedConcurrency = v.Int },
        [SettingKeys.LogLevel] = (s, v) => s with { LogLevel = v.Text },
        [SettingKeys.LogRetentionDays] = (s, v) => s with { LogRetentionDays = v.Int },
        [SettingKeys.AlarmEmail] = (s, v) => s with { AlarmEmail = v.Text },
        [SettingKeys.AlarmErrorThreshold] = (s, v) => s with { AlarmErrorThreshold = v.Int },
        [SettingKeys.AlarmThrottleThreshold] = (s, v) => s with { AlarmThrottleThreshold = v.Int },
        [SettingKeys.AlarmDurationPercent] = (s, v) => s with { AlarmDurationPercent = v.Int },
        [SettingKeys.AlarmApi5xxThreshold] = (s, v) => s with { AlarmApi5xxThreshold = v.Int },
        [SettingKeys.TableDeletionProtection] = (s, v) => s with { TableDeletionProtection = v.Bool },
        [SettingKeys.TablePointInTimeRecovery] = (s, v) => s with { TablePointInTimeRecovery = v.Bool },
        [SettingKeys.ApiThrottlingBurstLimit] = (s, v) => s with { ApiThrottlingBurstLimit = v.Int },
        [SettingKeys.ApiThrottlingRateLimit] = (s, v) => s with { ApiThrottlingRateLimit = v.Int },
        [SettingKeys.JwtIssuer] = (s, v) => s with { JwtIssuer = v.Text },
        [SettingKeys.JwtAudience] = (s, v) => s with { JwtAudience = v.Text },
        [SettingKeys.CorsOrigins] = (s, v) => s with { CorsOrigins = v.Items },
        [SettingKeys.PublicReadRoutes] = (s, v) => s with { PublicReadRoutes = v.Items },
        [SettingKeys.SenderEmail] = (s, v) => s with { SenderEmail = v.Text },
        [SettingKeys.OperationsEmail] = (s, v) => s with { OperationsEmail = v.Text },
        [SettingKeys.LowStockThreshold] = (s, v) => s with { LowStockThreshold = v.Int },
        [SettingKeys.PendingOrderMaxAgeMinutes] = (s, v) => s with { PendingOrderMaxAgeMinutes = v.Int },
        [SettingKeys.MaxImportBytes] = (s, v) => s with { MaxImportBytes = v.Int },
    };

    /// <summary>A config value as Pulumi hands it over: a string (lists as JSON text), a YAML list, or an undecrypted secret.</summary>
    private sealed record ConfigValue(string Text, IReadOnlyList<string>? ListItems, bool IsSecret)
    {
        public static ConfigValue Secret { get; } = new(string.Empty, null, true);

        public static ConfigValue Scalar(string text) => new(text, null, false);

        public static ConfigValue List(IReadOnlyList<string> items) => new(string.Empty, items, false);

        public int Int => int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"must be a whole number, not '{Text}'.");

        public bool Bool => Text switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            _ => throw new FormatException($"must be true or false, not '{Text}'."),
        };

        public IReadOnlyList<string> Items
        {
            get
            {
                if (ListItems is not null)
                {
                    return ListItems;
                }

                if (string.IsNullOrWhiteSpace(Text))
                {
                    return [];
                }

                try
                {
                    return JsonSerializer.Deserialize<string[]>(Text) ?? [];
                }
                catch (JsonException)
                {
                    throw new FormatException($"must be a list of strings, not '{Text}'.");
                }
            }
        }
    }
}

/// <summary>The stack's configuration cannot be rendered; the message names the setting.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
