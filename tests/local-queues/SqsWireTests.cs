using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.AspNetCore.Http;
using Platform.Tests.Local.Queues.Support;

namespace Platform.Tests.Local.Queues;

/// <summary>What the SDK hides: the JSON 1.0 error envelope and the digests it checks.</summary>
public sealed class SqsWireTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_MissingQueue_AnswersTypeAndQueryErrorHeader()
    {
        await using var server = await SqsServer.StartAsync();

        using var response = await server.PostAsync("AmazonSQS.GetQueueUrl", "{\"QueueName\":\"absent\"}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("com.amazonaws.sqs#QueueDoesNotExist", body.GetProperty("__type").GetString());
        Assert.Equal("The specified queue does not exist.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task HandleAsync_UnknownOperation_AnswersUnsupportedOperation()
    {
        await using var server = await SqsServer.StartAsync();

        using var response = await server.PostAsync("AmazonSQS.TagQueue", "{}");

        Assert.Equal(400, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("com.amazonaws.sqs#UnsupportedOperation", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task HandleAsync_MalformedJson_AnswersSerializationException()
    {
        await using var server = await SqsServer.StartAsync();

        using var response = await server.PostAsync("AmazonSQS.ListQueues", "{not json");

        Assert.Equal(400, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("com.amazonaws.sqs#SerializationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task SendMessage_ServerAnswersWrongDigest_SdkRejectsIt()
    {
        // The endpoint tests rely on the SDK checking MD5s; this shows that it does.
        await using var server = await SqsServer.StartAsync(handler: context =>
        {
            context.Response.ContentType = "application/x-amz-json-1.0";
            return context.Response.WriteAsync("{\"MessageId\":\"m-1\",\"MD5OfMessageBody\":\"00000000000000000000000000000000\"}", context.RequestAborted);
        });

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            server.Client.SendMessageAsync(new SendMessageRequest { QueueUrl = $"{server.Endpoint}000000000000/q", MessageBody = "hello" }, Ct));

        Assert.Contains("MD5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeMessageVisibilityBatch_MixedHandles_ReportsTheInvalidOne()
    {
        await using var server = await SqsServer.StartAsync();
        var url = (await server.Client.CreateQueueAsync("change-batch", Ct)).QueueUrl;
        await server.Client.SendMessageAsync(url, "x", Ct);
        var received = await server.Client.ReceiveMessageAsync(url, Ct);

        var result = await server.Client.ChangeMessageVisibilityBatchAsync(
            url,
            [new("ok", received.Messages[0].ReceiptHandle) { VisibilityTimeout = 0 }, new("bad", "garbage") { VisibilityTimeout = 0 }],
            Ct);

        Assert.Equal("ok", Assert.Single(result.Successful).Id);
        Assert.Equal(("bad", "ReceiptHandleIsInvalid"), (Assert.Single(result.Failed).Id, result.Failed[0].Code));
        Assert.Equal(new Platform.Local.Queues.QueueDepth(1, 0, 0), server.Queues.GetDepth("change-batch"));
    }

    [Fact]
    public async Task SendMessageBatch_DuplicateIds_ThrowsBatchEntryIdsNotDistinct()
    {
        await using var server = await SqsServer.StartAsync();
        var url = (await server.Client.CreateQueueAsync("dupes", Ct)).QueueUrl;

        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() =>
            server.Client.SendMessageBatchAsync(url, [new("a", "1"), new("a", "2")], Ct));
    }
}
