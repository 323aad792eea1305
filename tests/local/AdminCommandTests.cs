using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Tests.Local.Support;

namespace Platform.Tests.Local;

/// <summary>The commands that read and act on a running platform: <c>events tail</c>, <c>dlq list</c> and <c>dlq redrive</c>, run as a user runs them.</summary>
public sealed class AdminCommandTests(PlatformFixture platform)
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(1);
    private readonly Api _api = new(platform);

    private string Port => platform.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task EventsTail_OrderPlaced_PrintsEachEventWithTheRulesItMatched()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 5);
        using var tail = RunnerProcess.Start(["events", "tail", "--port", Port, "--recent", "0"]);
        await Poll.UntilAsync(() => tail.Output.Contains("Following events", StringComparison.Ordinal) || tail.HasExited, CommandDeadline, "events tail to connect");
        Assert.False(tail.HasExited, tail.Output);

        // Act
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 1), Guid.NewGuid().ToString("N"));

        // Assert
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await Poll.UntilAsync(
            () => Lines(tail.Output).Any(line => line.Contains("Payment Processed", StringComparison.Ordinal) && line.Contains(orderId, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "the order's Payment Processed event in the tail");
        var lines = Lines(tail.Output);
        var orderCreated = lines.FindIndex(line => line.Contains("Order Created", StringComparison.Ordinal) && line.Contains(orderId, StringComparison.Ordinal));
        Assert.True(orderCreated >= 0 && orderCreated + 1 < lines.Count, tail.Output);
        Assert.Contains("order-created-to-handler", lines[orderCreated + 1], StringComparison.Ordinal);
        Assert.Contains("order-created-to-payments", lines[orderCreated + 1], StringComparison.Ordinal);
        var paymentProcessed = lines.FindIndex(line => line.Contains("Payment Processed", StringComparison.Ordinal) && line.Contains(orderId, StringComparison.Ordinal));
        Assert.Contains("payment-processed-to-handler", lines[paymentProcessed + 1], StringComparison.Ordinal);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n')];

    [Fact]
    public async Task Outbox_OrderPlaced_ListsTheMailThePlatformSentWithSenderRecipientAndSubject()
    {
        // Arrange
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 5);
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 1), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        var subject = $"We received your order {orderId}";
        await Poll.UntilAsync(() => platform.SubjectsAbout(orderId).Contains(subject), TimeSpan.FromSeconds(60), $"the mail '{subject}'");
        var mail = Assert.Single(platform.MailsTo(customer.Email), m => m.Subject == subject);

        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(["outbox", "--state", platform.StateDirectory], CommandDeadline);

        // Assert
        Assert.True(exitCode == 0, output);
        var lines = Lines(output);
        Assert.Matches(@"^\d+ message\(s\) in " + System.Text.RegularExpressions.Regex.Escape(Path.Combine(platform.StateDirectory, "outbox")), lines[0]);
        Assert.Single(lines, line => line.Contains($"{mail.From} → {customer.Email}  {subject}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeadLetters_PoisonEvent_ListedWithItsReasonAndRedrivenToTheFunction()
    {
        // Arrange: an Inventory Updated event the handler cannot read fails three attempts and lands in the on-failure queue.
        var marker = "poison-" + Guid.NewGuid().ToString("N");
        await PutEventAsync("platform.inventory", "Inventory Updated", new JsonObject { ["marker"] = marker });
        var queue = "inventory-updated-failures";
        var deadLetter = await Poll.UntilAsync(
            () => Task.FromResult(platform.Platform.DeadLetters.List().Single(q => q.Name == queue).Messages.SingleOrDefault(m => m.Body.Contains(marker, StringComparison.Ordinal))),
            message => message is not null,
            TimeSpan.FromSeconds(60),
            "the poison event in " + queue);
        var invocationsBefore = platform.Platform.Functions["inventory-updated"].Stats.Invocations;

        // Act
        var (listExit, list) = await RunnerProcess.RunAsync(["dlq", "list", "--port", Port], CommandDeadline);
        var (redriveExit, redrive) = await RunnerProcess.RunAsync(["dlq", "redrive", queue, deadLetter!.MessageId, "--port", Port], CommandDeadline);

        // Assert
        Assert.True(listExit == 0, list);
        var listed = list.Split('\n').SkipWhile(line => !line.StartsWith(queue, StringComparison.Ordinal)).ToList();
        Assert.True(listed.Count > 1, list);
        Assert.Contains("from function inventory-updated (async)", listed[0], StringComparison.Ordinal);
        var line = Assert.Single(listed, l => l.Contains(deadLetter.MessageId, StringComparison.Ordinal));
        Assert.Contains("RetriesExhausted", line, StringComparison.Ordinal);
        Assert.Contains("3 attempts", line, StringComparison.Ordinal);

        Assert.True(redriveExit == 0, redrive);
        Assert.Contains($"Redrove 1 message(s) from {queue}.", redrive, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.Platform.DeadLetters.List().Single(q => q.Name == queue).Messages, m => m.MessageId == deadLetter.MessageId);

        // The handler is still broken for this event: it is invoked again, and after its retries the event is a dead letter again.
        await Poll.UntilAsync(
            () => platform.Platform.Functions["inventory-updated"].Stats.Invocations >= invocationsBefore + 3
                && platform.Platform.DeadLetters.List().Single(q => q.Name == queue).Messages.Any(m => m.Body.Contains(marker, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "the redriven event to be invoked three more times and dead-lettered again");
    }

    [Fact]
    public async Task DeadLetterRedrive_UnknownQueue_FailsNamingIt()
    {
        // Act
        var (exitCode, output) = await RunnerProcess.RunAsync(["dlq", "redrive", "no-such-dlq", "--all", "--port", Port], CommandDeadline);

        // Assert
        Assert.True(exitCode == 1, output);
        Assert.Contains("'no-such-dlq' is not a dead-letter queue of this platform", output, StringComparison.Ordinal);
    }

    private async Task PutEventAsync(string source, string detailType, JsonObject detail)
    {
        var entry = new JsonObject
        {
            ["Source"] = source,
            ["DetailType"] = detailType,
            ["Detail"] = detail.ToJsonString(),
            ["EventBusName"] = Platform.Local.Runner.LocalPlatform.BusName,
        };
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{platform.Port + 1}/"))
        {
            Content = new StringContent(new JsonObject { ["Entries"] = new JsonArray(entry) }.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", "AWSEvents.PutEvents");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK && body.Contains("\"FailedEntryCount\":0", StringComparison.Ordinal), body);
    }
}
