using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Logging;

namespace Platform.Tests.Runtime.Support;

/// <summary>Builds a <see cref="LambdaContext"/> whose logs and metrics land in <see cref="Output"/>.</summary>
public sealed class ContextBuilder
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private CancellationToken _cancellationToken;

    public StringWriter Output { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public ContextBuilder Cancelled()
    {
        _cancellationToken = new CancellationToken(canceled: true);
        return this;
    }

    public LambdaContext Build() => new(
        "req-test",
        Start.AddSeconds(30),
        new JsonLogger(Output, Time, LogLevel.Debug),
        new EmfMetrics(Output, Time, "Test", "test-function"),
        Time,
        _cancellationToken)
    {
        FunctionName = "test-function",
    };
}
