namespace Platform.Functions.Shared.Runtime;

/// <summary>Thrown when required configuration is missing or invalid; the message names the setting.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ConfigurationException()
        : base("The function configuration is invalid.")
    {
    }

    /// <summary>Creates the exception with a message that names the setting.</summary>
    /// <param name="message">What is wrong, naming the setting.</param>
    public ConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What is wrong, naming the setting.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
