namespace Platform.Tests.Domain.Fakes;

/// <summary>A failure a fake was told to produce (a throttled bus, an unreachable mail service).</summary>
internal sealed class InjectedFailureException : Exception
{
    public InjectedFailureException() : base("Failure injected by the test.") { }

    public InjectedFailureException(string message) : base(message) { }

    public InjectedFailureException(string message, Exception innerException) : base(message, innerException) { }
}
