using Microsoft.Extensions.Logging;

namespace Platform.Tests.Local.Lambda.Support;

/// <summary>Writes the host's log to the current test's output, so a failure shows what the function printed.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper? output) : ILogger
{
    public static TestOutputLogger ForCurrentTest() => new(TestContext.Current.TestOutputHelper);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => output is not null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output?.WriteLine($"{logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a late line from a process being killed has nowhere to go.
        }
    }
}
