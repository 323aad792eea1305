using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Tests.Runtime;

public sealed class EnvironmentSettingsTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["TABLE_NAME"] = "orders",
        ["BATCH_SIZE"] = "25",
        ["NOT_A_NUMBER"] = "many",
        ["BLANK"] = "  ",
        ["ENABLED"] = "true",
        ["AWS_LAMBDA_FUNCTION_NAME"] = "create-order",
        ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG",
    };

    [Fact]
    public void Required_VariableSet_ReturnsValue()
    {
        // Act
        var value = EnvironmentSettings.Required("TABLE_NAME", Lookup);

        // Assert
        Assert.Equal("orders", value);
    }

    [Theory]
    [InlineData("MISSING")]
    [InlineData("BLANK")]
    public void Required_VariableMissingOrBlank_ThrowsNamingTheVariable(string name)
    {
        // Act
        var exception = Assert.Throws<ConfigurationException>(() => EnvironmentSettings.Required(name, Lookup));

        // Assert
        Assert.Equal($"Environment variable {name} is required", exception.Message);
    }

    [Fact]
    public void Optional_VariableMissing_ReturnsNull()
    {
        // Act
        var value = EnvironmentSettings.Optional("MISSING", Lookup);

        // Assert
        Assert.Null(value);
    }

    [Fact]
    public void RequiredInt_Integer_ReturnsValue()
    {
        // Act
        var value = EnvironmentSettings.RequiredInt("BATCH_SIZE", Lookup);

        // Assert
        Assert.Equal(25, value);
    }

    [Fact]
    public void RequiredInt_NotAnInteger_ThrowsNamingTheVariable()
    {
        // Act
        var exception = Assert.Throws<ConfigurationException>(() => EnvironmentSettings.RequiredInt("NOT_A_NUMBER", Lookup));

        // Assert
        Assert.Equal("Environment variable NOT_A_NUMBER must be an integer", exception.Message);
    }

    [Fact]
    public void OptionalInt_Missing_ReturnsDefault()
    {
        // Act
        var value = EnvironmentSettings.OptionalInt("MISSING", 10, Lookup);

        // Assert
        Assert.Equal(10, value);
    }

    [Fact]
    public void OptionalBool_True_ReturnsTrue()
    {
        // Act
        var value = EnvironmentSettings.OptionalBool("ENABLED", defaultValue: false, Lookup);

        // Assert
        Assert.True(value);
    }

    [Fact]
    public void FromEnvironment_LambdaVariables_ReadsFunctionNameLevelAndDefaultNamespace()
    {
        // Act
        var options = LambdaBootstrapOptions.FromEnvironment(Lookup);

        // Assert
        Assert.Equal("create-order", options.FunctionName);
        Assert.Equal(LogLevel.Debug, options.MinimumLogLevel);
        Assert.Equal("OrderPlatform", options.MetricsNamespace);
    }

    private static string? Lookup(string name) => Variables.GetValueOrDefault(name);
}
