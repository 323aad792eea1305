using Amazon.SQS;
using Amazon.SQS.Model;
using Platform.Local.Queues;
using Platform.Tests.Local.Queues.Support;
using SdkAttributeValue = Amazon.SQS.Model.MessageAttributeValue;

namespace Platform.Tests.Local.Queues;

/// <summary>The real AWSSDK.SQS client against <see cref="SqsEndpoint"/> over HTTP; the SDK verifies every MD5 it is given.</summary>
public sealed class SqsEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private SqsServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonSQSClient Client => _server.Client;

    public async ValueTask InitializeAsync() => _server = await SqsServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreateQueue_NewName_ReturnsLocalUrlThatGetQueueUrlFinds()
    {
        var created = await Client.CreateQueueAsync("payments", Ct);

        var found = await Client.GetQueueUrlAsync("payments", Ct);

        Assert.Equal($"http://127.0.0.1:{_server.Endpoint.Port}/000000000000/payments", created.QueueUrl);
        Assert.Equal(created.QueueUrl, found.QueueUrl);
        var listed = await Client.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = "pay" }, Ct);
        Assert.Equal([created.QueueUrl], listed.QueueUrls);
    }

    [Fact]
    public async Task SendMessage_WithAttributes_ReceiveReturnsBodyAttributesAndMatchingDigests()
    {
        var url = await CreateQueueAsync("orders");
        var attributes = new Dictionary<string, SdkAttributeValue>
        {
            ["orderId"] = new() { DataType = "String", StringValue = "o-123" },
            ["amount"] = new() { DataType = "Number", StringValue = "42.50" },
            ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3, 255]) },
            ["kind"] = new() { DataType = "String.custom", StringValue = "çà ✓" },
        };

        var sent = await Client.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "{\"order\":\"ü\"}", MessageAttributes = attributes }, Ct);
        var received = await Client.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = url,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            },
            Ct);

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("{\"order\":\"ü\"}", message.Body);
        Assert.Equal(sent.MD5OfMessageBody, message.MD5OfBody);
        Assert.Equal(sent.MD5OfMessageAttributes, message.MD5OfMessageAttributes);
        Assert.Equal("o-123", message.MessageAttributes["orderId"].StringValue);
        Assert.Equal([1, 2, 3, 255], message.MessageAttributes["blob"].BinaryValue.ToArray());
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(_server.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), message.Attributes["SentTimestamp"]);
    }

    [Fact]
    public async Task SendMessage_WithAwsTraceHeader_ReceiveReturnsItWhenAskedFor()
    {
        const string Trace = "Root=1-6753a1b2-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=1";
        var url = await CreateQueueAsync("traced");
        await Client.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "b",
                MessageSystemAttributes = new() { ["AWSTraceHeader"] = new() { DataType = "String", StringValue = Trace } },
            },
            Ct);

        var unasked = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["SentTimestamp"], VisibilityTimeout = 0 }, Ct);
        var asked = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["AWSTraceHeader"] }, Ct);

        Assert.False(Assert.Single(unasked.Messages).Attributes.ContainsKey("AWSTraceHeader"));
        Assert.Equal(Trace, Assert.Single(asked.Messages).Attributes["AWSTraceHeader"]);
        Assert.Equal(["AWSTraceHeader"], asked.Messages[0].Attributes.Keys);
    }

    [Fact]
    public async Task SendMessage_OtherSystemAttribute_IsRejected()
    {
        var url = await CreateQueueAsync("traced-bad");

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => Client.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "b",
                MessageSystemAttributes = new() { ["SenderId"] = new() { DataType = "String", StringValue = "me" } },
            },
            Ct));

        Assert.Contains("SenderId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveMessage_SomeAttributeNames_ReturnsOnlyThoseWithTheirDigest()
    {
        var url = await CreateQueueAsync("filtered");
        await Client.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "b",
                MessageAttributes = new() { ["a.one"] = new() { DataType = "String", StringValue = "1" }, ["b"] = new() { DataType = "String", StringValue = "2" } },
            },
            Ct);

        var received = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["a.*"] }, Ct);

        var message = Assert.Single(received.Messages);
        Assert.Equal(["a.one"], message.MessageAttributes.Keys);
    }

    [Fact]
    public async Task SendMessageBatch_ValidAndInvalidEntries_ReportsEachAndQueuesTheValidOnes()
    {
        var url = await CreateQueueAsync("batch");

        var result = await Client.SendMessageBatchAsync(
            new SendMessageBatchRequest
            {
                QueueUrl = url,
                Entries =
                [
                    new() { Id = "a", MessageBody = "one" },
                    new() { Id = "b", MessageBody = "two", MessageAttributes = new() { ["n"] = new() { DataType = "Number", StringValue = "7" } } },
                    new() { Id = "c", MessageBody = "bad\u0001" },
                ],
            },
            Ct);

        Assert.Equal(["a", "b"], result.Successful.Select(entry => entry.Id).Order());
        var failed = Assert.Single(result.Failed);
        Assert.Equal(("c", "InvalidMessageContents", true), (failed.Id, failed.Code, failed.SenderFault == true));
        var received = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, MessageAttributeNames = ["All"] }, Ct);
        Assert.Equal(["one", "two"], received.Messages.Select(message => message.Body).Order());
    }

    [Fact]
    public async Task ReceiveMessage_WaitTimeAndMessageArrives_ReturnsBeforeTheWaitEnds()
    {
        var url = await CreateQueueAsync("long-poll");
        var receive = Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 }, Ct);
        await _server.Clock.WaitForTimersAsync(1, Deadline);

        _server.Queues.Send("long-poll", "arrived");
        var received = await receive.WaitAsync(Deadline, Ct);

        Assert.Equal("arrived", Assert.Single(received.Messages).Body);
    }

    [Fact]
    public async Task ReceiveMessage_WaitTimeElapses_ReturnsNoMessages()
    {
        var url = await CreateQueueAsync("empty");
        var receive = Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 }, Ct);
        await _server.Clock.WaitForTimersAsync(1, Deadline);

        _server.Clock.Advance(TimeSpan.FromSeconds(5));
        var received = await receive.WaitAsync(Deadline, Ct);

        Assert.True(received.Messages is null or []);
    }

    [Fact]
    public async Task ReceiveMessage_VisibilityTimeoutExpires_MessageReappearsWithHigherReceiveCount()
    {
        var url = await CreateQueueAsync("visibility", new() { ["VisibilityTimeout"] = "30" });
        await Client.SendMessageAsync(url, "again", Ct);
        var first = await ReceiveOneAsync(url);

        var hidden = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Ct);
        _server.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await ReceiveOneAsync(url);

        Assert.True(hidden.Messages is null or []);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task DeleteMessage_StaleHandleAfterReReceive_SucceedsButKeepsTheMessage()
    {
        var url = await CreateQueueAsync("stale", new() { ["VisibilityTimeout"] = "10" });
        await Client.SendMessageAsync(url, "keep me", Ct);
        var first = await ReceiveOneAsync(url);
        _server.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await ReceiveOneAsync(url);

        await Client.DeleteMessageAsync(url, first.ReceiptHandle, Ct);

        Assert.Equal(new QueueDepth(0, 1, 0), _server.Queues.GetDepth("stale"));
        await Client.DeleteMessageAsync(url, second.ReceiptHandle, Ct);
        Assert.Equal(new QueueDepth(0, 0, 0), _server.Queues.GetDepth("stale"));
    }

    [Fact]
    public async Task DeleteMessage_HandleNeverIssued_ThrowsReceiptHandleIsInvalid()
    {
        var url = await CreateQueueAsync("handles");

        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => Client.DeleteMessageAsync(url, "not-a-handle", Ct));
    }

    [Fact]
    public async Task DeleteMessageBatch_CurrentHandles_DeletesThem()
    {
        var url = await CreateQueueAsync("delete-batch");
        await Client.SendMessageAsync(url, "1", Ct);
        await Client.SendMessageAsync(url, "2", Ct);
        var received = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 }, Ct);

        var result = await Client.DeleteMessageBatchAsync(url, [.. received.Messages.Select((message, i) => new DeleteMessageBatchRequestEntry($"e{i}", message.ReceiptHandle))], Ct);

        Assert.Equal(2, result.Successful.Count);
        Assert.Equal(new QueueDepth(0, 0, 0), _server.Queues.GetDepth("delete-batch"));
    }

    [Fact]
    public async Task ChangeMessageVisibility_Zero_MessageIsVisibleAtOnce()
    {
        var url = await CreateQueueAsync("change");
        await Client.SendMessageAsync(url, "x", Ct);
        var first = await ReceiveOneAsync(url);

        await Client.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 0, Ct);

        Assert.Equal(first.MessageId, (await ReceiveOneAsync(url)).MessageId);
    }

    [Fact]
    public async Task PurgeQueue_WithMessages_EmptiesTheQueue()
    {
        var url = await CreateQueueAsync("purge");
        await Client.SendMessageAsync(url, "1", Ct);
        await Client.SendMessageAsync(url, "2", Ct);

        await Client.PurgeQueueAsync(url, Ct);

        var received = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Ct);
        Assert.True(received.Messages is null or []);
    }

    [Fact]
    public async Task GetQueueAttributes_VisibleInFlightAndDelayed_CountsEach()
    {
        var url = await CreateQueueAsync("counts");
        await Client.SendMessageAsync(url, "in flight", Ct);
        await ReceiveOneAsync(url);
        await Client.SendMessageAsync(url, "visible", Ct);
        await Client.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "delayed", DelaySeconds = 60 }, Ct);

        var attributes = await Client.GetQueueAttributesAsync(url, ["All"], Ct);

        Assert.Equal(1, attributes.ApproximateNumberOfMessages);
        Assert.Equal(1, attributes.ApproximateNumberOfMessagesNotVisible);
        Assert.Equal(1, attributes.ApproximateNumberOfMessagesDelayed);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:counts", attributes.QueueARN);
        Assert.Equal(30, attributes.VisibilityTimeout);
    }

    [Fact]
    public async Task SetQueueAttributes_RedrivePolicy_GetQueueAttributesReturnsIt()
    {
        var url = await CreateQueueAsync("with-dlq");
        await CreateQueueAsync("with-dlq-dlq");

        await Client.SetQueueAttributesAsync(url, new() { ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:with-dlq-dlq\",\"maxReceiveCount\":\"3\"}" }, Ct);

        var attributes = await Client.GetQueueAttributesAsync(url, ["RedrivePolicy"], Ct);
        Assert.Equal("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:with-dlq-dlq\",\"maxReceiveCount\":3}", attributes.Attributes["RedrivePolicy"]);
    }

    [Fact]
    public async Task ReceiveMessage_PastMaxReceiveCount_MovesMessageToDeadLetterQueue()
    {
        var dlqUrl = await CreateQueueAsync("payments-dlq");
        var url = await CreateQueueAsync("payments", new()
        {
            ["VisibilityTimeout"] = "30",
            ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:payments-dlq\",\"maxReceiveCount\":2}",
        });
        var sent = await Client.SendMessageAsync(
            new SendMessageRequest { QueueUrl = url, MessageBody = "poison", MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } } },
            Ct);
        await ReceiveOneAsync(url);
        _server.Clock.Advance(TimeSpan.FromSeconds(30));
        await ReceiveOneAsync(url);
        _server.Clock.Advance(TimeSpan.FromSeconds(30));

        var third = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Ct);

        Assert.True(third.Messages is null or []);
        var dead = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MessageAttributeNames = ["All"], MessageSystemAttributeNames = ["All"] }, Ct);
        var message = Assert.Single(dead.Messages);
        Assert.Equal((sent.MessageId, "poison", "v"), (message.MessageId, message.Body, message.MessageAttributes["k"].StringValue));
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:payments", message.Attributes["DeadLetterQueueSourceArn"]);
    }

    [Fact]
    public async Task GetQueueUrl_MissingQueue_ThrowsQueueDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => Client.GetQueueUrlAsync("nope", Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task SendMessage_MissingQueue_ThrowsQueueDoesNotExist()
    {
        var url = $"{_server.Endpoint.ToString().TrimEnd('/')}/000000000000/nope";

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => Client.SendMessageAsync(url, "x", Ct));
    }

    [Fact]
    public async Task SendMessage_LargerThanOneMebibyte_ThrowsInvalidParameterValue()
    {
        var url = await CreateQueueAsync("big");
        await Client.SendMessageAsync(url, new string('a', QueueAttributes.MaxMessageSizeLimit), Ct);

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => Client.SendMessageAsync(url, new string('a', QueueAttributes.MaxMessageSizeLimit + 1), Ct));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task CreateQueue_ExistingNameOtherAttributes_ThrowsQueueNameExists()
    {
        await CreateQueueAsync("taken");

        await Assert.ThrowsAsync<QueueNameExistsException>(() => CreateQueueAsync("taken", new() { ["VisibilityTimeout"] = "5" }));
    }

    [Fact]
    public async Task CreateQueue_UnknownAttribute_ThrowsInvalidAttributeName()
    {
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => CreateQueueAsync("odd", new() { ["Colour"] = "blue" }));
    }

    [Fact]
    public async Task DeleteQueue_Existing_LaterCallsFindNoQueue()
    {
        var url = await CreateQueueAsync("gone");

        await Client.DeleteQueueAsync(url, Ct);

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => Client.GetQueueUrlAsync("gone", Ct));
    }

    private async Task<string> CreateQueueAsync(string name, Dictionary<string, string>? attributes = null) =>
        (await Client.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, Ct)).QueueUrl;

    private async Task<Message> ReceiveOneAsync(string url)
    {
        var received = await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["All"] }, Ct);
        return Assert.Single(received.Messages);
    }
}
