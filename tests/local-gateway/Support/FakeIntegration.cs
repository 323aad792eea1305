using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Platform.Local.Gateway;

namespace Platform.Tests.Local.Gateway.Support;

/// <summary>A Lambda integration that records every event it receives and answers as the test says.</summary>
public sealed class FakeIntegration
{
    private readonly ConcurrentQueue<GatewayInvocation> _invocations = new();
    private readonly Func<GatewayInvocation, CancellationToken, Task<IntegrationResult>> _answer;

    private FakeIntegration(Func<GatewayInvocation, CancellationToken, Task<IntegrationResult>> answer) => _answer = answer;

    public IReadOnlyList<GatewayInvocation> Invocations => [.. _invocations];

    /// <summary>The last event received, parsed.</summary>
    public JsonElement LastEvent => JsonDocument.Parse(Invocations[^1].Payload).RootElement;

    public static FakeIntegration Returning(string responseJson) =>
        new((_, _) => Task.FromResult(IntegrationResult.Success(Encoding.UTF8.GetBytes(responseJson))));

    public static FakeIntegration Ok() => Returning("""{"statusCode":200,"body":"ok"}""");

    public static FakeIntegration Answering(IntegrationResult result) => new((_, _) => Task.FromResult(result));

    /// <summary>An integration that never answers; it completes only when the gateway cancels it.</summary>
    public static FakeIntegration Hanging() => new(async (_, cancellationToken) =>
    {
        var never = new TaskCompletionSource<IntegrationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = cancellationToken.Register(() => never.TrySetCanceled(cancellationToken));
        return await never.Task;
    });

    public Task<IntegrationResult> InvokeAsync(GatewayInvocation invocation, CancellationToken cancellationToken)
    {
        _invocations.Enqueue(invocation);
        return _answer(invocation, cancellationToken);
    }
}
