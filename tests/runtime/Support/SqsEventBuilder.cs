using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Tests.Runtime.Support;

public sealed class SqsEventBuilder
{
    private readonly List<SqsMessage> _records = [];
    private string _queueArn = "arn:aws:sqs:eu-west-1:123456789012:payments";

    public SqsEventBuilder Fifo()
    {
        _queueArn = "arn:aws:sqs:eu-west-1:123456789012:payments.fifo";
        return this;
    }

    public SqsEventBuilder WithMessage(string messageId, string body)
    {
        _records.Add(new SqsMessage
        {
            MessageId = messageId,
            ReceiptHandle = "handle-" + messageId,
            Body = body,
            Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1" },
            EventSource = "aws:sqs",
            EventSourceArn = _queueArn,
            AwsRegion = "eu-west-1",
        });
        return this;
    }

    public SqsEvent Build() => new() { Records = [.. _records] };
}
