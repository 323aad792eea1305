using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Tests.Runtime.Support;

namespace Platform.Tests.Runtime;

public sealed class SqsBatchTests
{
    [Fact]
    public async Task ProcessAsync_SomeMessagesThrow_ReportsOnlyThoseAndProcessesTheRest()
    {
        // Arrange
        var contextBuilder = new ContextBuilder();
        var batch = new SqsEventBuilder()
            .WithMessage("m1", "ok")
            .WithMessage("m2", """{"card":"4111-secret-body","email":"jane@example.com"}""")
            .WithMessage("m3", "ok")
            .WithMessage("m4", "fail")
            .Build();
        var processed = new List<string>();

        // Act
        var response = await SqsBatch.ProcessAsync(batch, HandleAsync, contextBuilder.Build());

        // Assert
        Assert.Equal(["m1", "m2", "m3", "m4"], processed);
        Assert.Equal(["m2", "m4"], response.BatchItemFailures.Select(failure => failure.ItemIdentifier));
        var logs = contextBuilder.Output.ToString();
        Assert.Contains("\"messageId\":\"m2\"", logs, StringComparison.Ordinal);
        Assert.Contains("\"errorType\":\"System.FormatException\"", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("4111-secret-body", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", logs, StringComparison.Ordinal);

        Task HandleAsync(SqsMessage message, LambdaContext context)
        {
            processed.Add(message.MessageId!);
            return message.Body == "ok" ? Task.CompletedTask : throw new FormatException("bad payment message");
        }
    }

    [Fact]
    public async Task ProcessAsync_AllMessagesSucceed_ReturnsEmptyFailureList()
    {
        // Arrange
        var batch = new SqsEventBuilder().WithMessage("m1", "ok").WithMessage("m2", "ok").Build();

        // Act
        var response = await SqsBatch.ProcessAsync(batch, (_, _) => Task.CompletedTask, new ContextBuilder().Build());

        // Assert
        Assert.Empty(response.BatchItemFailures);
    }

    [Fact]
    public async Task ProcessAsync_AsyncHandlerFaults_ReportsTheMessage()
    {
        // Arrange
        var batch = new SqsEventBuilder().WithMessage("m1", "x").Build();

        // Act
        var response = await SqsBatch.ProcessAsync(
            batch,
            async (_, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("later");
            },
            new ContextBuilder().Build());

        // Assert
        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    [Fact]
    public async Task ProcessAsync_FifoQueueMessageFails_FailsEveryLaterMessageWithoutProcessing()
    {
        // Arrange
        var batch = new SqsEventBuilder().Fifo().WithMessage("m1", "ok").WithMessage("m2", "fail").WithMessage("m3", "ok").Build();
        var processed = new List<string>();

        // Act
        var response = await SqsBatch.ProcessAsync(
            batch,
            (message, _) =>
            {
                processed.Add(message.MessageId!);
                return message.Body == "ok" ? Task.CompletedTask : throw new InvalidOperationException("fail");
            },
            new ContextBuilder().Build());

        // Assert
        Assert.Equal(["m1", "m2"], processed);
        Assert.Equal(["m2", "m3"], response.BatchItemFailures.Select(failure => failure.ItemIdentifier));
    }

    [Fact]
    public async Task ProcessAsync_DeadlineNear_ReportsUnstartedMessagesForRetry()
    {
        // Arrange
        var batch = new SqsEventBuilder().WithMessage("m1", "ok").WithMessage("m2", "ok").Build();
        var processed = 0;

        // Act
        var response = await SqsBatch.ProcessAsync(
            batch,
            (_, _) =>
            {
                processed++;
                return Task.CompletedTask;
            },
            new ContextBuilder().Cancelled().Build());

        // Assert
        Assert.Equal(0, processed);
        Assert.Equal(["m1", "m2"], response.BatchItemFailures.Select(failure => failure.ItemIdentifier));
    }
}
