using System.Text;
using Platform.Local.Queues.Internal;

namespace Platform.Local.Queues;

/// <summary>SQS standard queues in process: visibility timeouts, delays, retention, dead-letter redrive and optional persistence.</summary>
/// <remarks>
/// With a <see cref="QueueServiceOptions.StateDirectory"/>, every change is written before the call returns, so a runner
/// killed at any point restarts with its queues and messages; in-flight messages become visible when their timeout passes.
/// </remarks>
public sealed class QueueService
{
    /// <summary>The account id of every local queue's URL and ARN.</summary>
    public const string AccountId = "000000000000";

    private const int MaxReceiveBatch = 10;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, QueueState> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counters> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly QueueStore? _store;

    /// <summary>Creates the service, loading the queues of the state directory if there is one.</summary>
    public QueueService(QueueServiceOptions? options = null)
    {
        options ??= new QueueServiceOptions();
        Region = options.Region;
        _time = options.TimeProvider;
        if (options.StateDirectory is { } directory)
        {
            _store = new QueueStore(directory);
            foreach (var queue in _store.Load())
            {
                _queues[queue.Name] = queue;
            }
        }
    }

    /// <summary>The region of the queues' ARNs.</summary>
    public string Region { get; }

    /// <summary>Raised after a receive moved a message past its <see cref="RedrivePolicy.MaxReceiveCount"/> to the dead-letter queue.</summary>
    public event EventHandler<DeadLetteredMessage>? MessageDeadLettered;

    /// <summary>The ARN of a queue name (whether or not it exists).</summary>
    public string QueueArn(string name) => $"arn:aws:sqs:{Region}:{AccountId}:{name}";

    /// <summary>The URL of a queue served at <paramref name="endpoint"/>, as <c>{endpoint}/000000000000/{name}</c>.</summary>
    public static Uri QueueUrl(Uri endpoint, string name)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new Uri(endpoint, $"/{AccountId}/{name}");
    }

    /// <summary>Creates a queue, or returns the existing one when its attributes are the same.</summary>
    /// <exception cref="QueueException"><c>QueueNameExists</c> when a queue of that name has other attributes.</exception>
    public QueueInfo CreateQueue(string name, QueueAttributes? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Validation.QueueName(name);
        attributes ??= new QueueAttributes();
        Validation.Attributes(attributes);
        lock (_lock)
        {
            if (_queues.TryGetValue(name, out var existing))
            {
                return existing.Attributes == attributes
                    ? Info(existing)
                    : throw new QueueException("QueueNameExists", $"A queue already exists with the same name and a different value for attribute(s).");
            }

            var now = _time.GetUtcNow();
            var queue = new QueueState { Name = name, Attributes = attributes, CreatedAt = now, LastModifiedAt = now };
            _queues[name] = queue;
            _store?.Save(queue);
            return Info(queue);
        }
    }

    /// <summary>The queue of that name.</summary>
    /// <exception cref="QueueException"><c>QueueDoesNotExist</c>.</exception>
    public QueueInfo GetQueue(string name)
    {
        lock (_lock)
        {
            return Info(Find(name));
        }
    }

    /// <summary>The names of the queues starting with <paramref name="prefix"/>, in order.</summary>
    public IReadOnlyList<string> ListQueues(string? prefix = null)
    {
        lock (_lock)
        {
            return [.. _queues.Keys.Where(name => prefix is null || name.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Deletes a queue and its messages.</summary>
    public void DeleteQueue(string name)
    {
        lock (_lock)
        {
            var queue = Find(name);
            _queues.Remove(name);
            _counters.Remove(name);
            _store?.Delete(name);
            queue.Signal();
        }
    }

    /// <summary>Replaces a queue's attributes.</summary>
    public QueueInfo SetQueueAttributes(string name, QueueAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        Validation.Attributes(attributes);
        lock (_lock)
        {
            var queue = Find(name);
            queue.Attributes = attributes;
            queue.LastModifiedAt = _time.GetUtcNow();
            Save(queue);
            return Info(queue);
        }
    }

    /// <summary>Sends a message, delayed by <paramref name="delay"/> or else by the queue's delay.</summary>
    /// <param name="queueName">The queue.</param>
    /// <param name="body">The message body.</param>
    /// <param name="attributes">The user message attributes.</param>
    /// <param name="delay">The message's delay; null uses the queue's.</param>
    /// <param name="awsTraceHeader">The X-Ray trace header (the <c>AWSTraceHeader</c> system attribute), kept with the message and returned on receive.</param>
    public SentMessage Send(string queueName, string body, IReadOnlyDictionary<string, MessageAttributeValue>? attributes = null, TimeSpan? delay = null, string? awsTraceHeader = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        attributes ??= new Dictionary<string, MessageAttributeValue>();
        if (delay is { } explicitDelay)
        {
            Validation.Range("DelaySeconds", explicitDelay, TimeSpan.Zero, TimeSpan.FromMinutes(15));
        }

        lock (_lock)
        {
            var queue = Find(queueName);
            Validation.Message(body, attributes, queue.Attributes.MaximumMessageSize);
            var now = _time.GetUtcNow();
            var message = new StoredMessage
            {
                MessageId = Guid.NewGuid().ToString(),
                Body = body,
                Md5OfBody = MessageDigest.OfBody(body),
                MessageAttributes = new Dictionary<string, MessageAttributeValue>(attributes, StringComparer.Ordinal),
                SentAt = now,
                VisibleAt = now + (delay ?? queue.Attributes.Delay),
                AwsTraceHeader = awsTraceHeader,
            };
            queue.DropExpired(now);
            queue.Messages.Add(message);
            Save(queue);
            queue.Signal();
            CountersOf(queue.Name).Sent++;
            return new SentMessage(message.MessageId, message.Md5OfBody, MessageDigest.OfAttributes(message.MessageAttributes));
        }
    }

    /// <summary>Receives up to <see cref="ReceiveOptions.MaxNumberOfMessages"/> messages, long-polling until one arrives or the wait ends.</summary>
    /// <remarks>A message already received <see cref="RedrivePolicy.MaxReceiveCount"/> times moves to the dead-letter queue instead.</remarks>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueName, ReceiveOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReceiveOptions();
        if (options.MaxNumberOfMessages is < 1 or > MaxReceiveBatch)
        {
            throw Errors.InvalidParameter($"Value {options.MaxNumberOfMessages} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }

        if (options.WaitTime is { } requestedWait)
        {
            Validation.Range("WaitTimeSeconds", requestedWait, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        }

        if (options.VisibilityTimeout is { } requestedVisibility)
        {
            Validation.Range("VisibilityTimeout", requestedVisibility, TimeSpan.Zero, TimeSpan.FromHours(12));
        }

        DateTimeOffset? deadline = null;
        while (true)
        {
            Task arrived;
            DateTimeOffset now;
            DateTimeOffset? nextVisible;
            var deadLettered = new List<DeadLetteredMessage>();
            List<QueueMessage> received;
            lock (_lock)
            {
                var queue = Find(queueName);
                now = _time.GetUtcNow();
                deadline ??= now + (options.WaitTime ?? queue.Attributes.ReceiveMessageWaitTime);
                received = TakeVisible(queue, now, options, deadLettered);
                arrived = queue.Arrived;
                nextVisible = queue.Messages.Count == 0 ? null : queue.Messages.Min(message => message.VisibleAt);
            }

            foreach (var moved in deadLettered)
            {
                MessageDeadLettered?.Invoke(this, moved);
            }

            if (received.Count > 0 || now >= deadline)
            {
                return received;
            }

            var wake = nextVisible is { } visibleAt && visibleAt < deadline.Value ? visibleAt : deadline.Value;
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(wake > now ? wake - now : TimeSpan.Zero, _time, stopTimer.Token);
            await Task.WhenAny(arrived, timer).ConfigureAwait(false);
            await stopTimer.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Deletes a received message; returns false when the handle is no longer the message's latest (SQS then keeps the message too).</summary>
    /// <exception cref="QueueException"><c>ReceiptHandleIsInvalid</c> when the handle was never issued by this service.</exception>
    public bool Delete(string queueName, string receiptHandle)
    {
        var messageId = ReceiptHandles.MessageId(receiptHandle);
        lock (_lock)
        {
            var queue = Find(queueName);
            var index = queue.Messages.FindIndex(message => message.MessageId == messageId && message.ReceiptHandle == receiptHandle);
            if (index < 0)
            {
                return false;
            }

            queue.Messages.RemoveAt(index);
            Save(queue);
            CountersOf(queue.Name).Deleted++;
            return true;
        }
    }

    /// <summary>Sets how long a received message stays invisible from now on (zero makes it visible at once).</summary>
    public void ChangeVisibility(string queueName, string receiptHandle, TimeSpan visibilityTimeout)
    {
        var messageId = ReceiptHandles.MessageId(receiptHandle);
        Validation.Range("VisibilityTimeout", visibilityTimeout, TimeSpan.Zero, TimeSpan.FromHours(12));
        lock (_lock)
        {
            var queue = Find(queueName);
            var now = _time.GetUtcNow();
            var message = queue.Messages.Find(message => message.MessageId == messageId && message.ReceiptHandle == receiptHandle)
                ?? throw Errors.InvalidParameter($"Value {receiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");
            if (message.VisibleAt <= now)
            {
                throw new QueueException("MessageNotInflight", "The message referred to isn't in flight.");
            }

            message.VisibleAt = now + visibilityTimeout;
            Save(queue);
            queue.Signal();
        }
    }

    /// <summary>Makes every received, undeleted message visible at once; returns how many were in flight.</summary>
    /// <remarks>
    /// Not an SQS call: the local runner uses it at start for the queues its own pollers consume, whose receivers of the previous
    /// run are gone, so their messages need not wait out a visibility timeout sized for a function still running.
    /// </remarks>
    public int ReleaseInFlight(string queueName)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            var now = _time.GetUtcNow();
            var released = 0;
            foreach (var message in queue.Messages.Where(message => message.ReceiptHandle is not null && message.VisibleAt > now))
            {
                message.VisibleAt = now;
                released++;
            }

            if (released > 0)
            {
                Save(queue);
                queue.Signal();
            }

            return released;
        }
    }

    /// <summary>Deletes every message of a queue.</summary>
    public void Purge(string queueName)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            queue.Messages.Clear();
            Save(queue);
        }
    }

    /// <summary>How many messages the queue holds: visible, in flight (received, not deleted) and delayed.</summary>
    public QueueDepth GetDepth(string queueName)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            var now = _time.GetUtcNow();
            if (queue.DropExpired(now))
            {
                Save(queue);
            }

            return queue.Depth(now);
        }
    }

    /// <summary>How many messages were sent to, received from, deleted from and moved out to the dead-letter queue of a queue since this service was created.</summary>
    /// <remarks>As CloudWatch's NumberOfMessagesSent, NumberOfMessagesReceived and NumberOfMessagesDeleted count them; not persisted.</remarks>
    public QueueCounters GetCounters(string queueName)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            var counters = CountersOf(queue.Name);
            return new QueueCounters(counters.Sent, counters.Received, counters.Deleted, counters.DeadLettered);
        }
    }

    /// <summary>Every message of a queue without receiving it (for a dead-letter queue: what redrive would move).</summary>
    public IReadOnlyList<QueueMessage> PeekMessages(string queueName)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            return [.. queue.Messages.Select(message => message.ToPublic(AccountId, withHandle: false))];
        }
    }

    /// <summary>Moves messages out of a dead-letter queue: to <paramref name="destinationQueue"/>, or each back to the queue it came from.</summary>
    /// <returns>How many messages moved.</returns>
    /// <remarks>Null <paramref name="messageIds"/> moves them all. A moved message keeps its id, body and attributes, starts over with no receives and is visible at once.</remarks>
    public int MoveMessages(string deadLetterQueue, string? destinationQueue = null, IReadOnlyCollection<string>? messageIds = null)
    {
        lock (_lock)
        {
            var source = Find(deadLetterQueue);
            var fixedDestination = destinationQueue is null ? null : Find(destinationQueue);
            var now = _time.GetUtcNow();
            var touched = new HashSet<QueueState> { source };
            var moved = 0;
            foreach (var message in source.Messages.ToList())
            {
                if (messageIds is not null && !messageIds.Contains(message.MessageId))
                {
                    continue;
                }

                var destination = fixedDestination ?? FindByArn(message.DeadLetterSourceArn);
                if (destination is null || destination == source)
                {
                    continue;
                }

                source.Messages.Remove(message);
                message.ReceiveCount = 0;
                message.FirstReceivedAt = null;
                message.ReceiptHandle = null;
                message.DeadLetterSourceArn = null;
                message.VisibleAt = now;
                destination.Messages.Add(message);
                touched.Add(destination);
                moved++;
            }

            foreach (var queue in touched)
            {
                Save(queue);
                queue.Signal();
            }

            return moved;
        }
    }

    /// <summary>Removes messages from a queue whatever their visibility and returns them (for a redrive that re-delivers them elsewhere).</summary>
    /// <returns>The removed messages, oldest first.</returns>
    /// <remarks>Null <paramref name="messageIds"/> removes them all; ids that are not in the queue are ignored.</remarks>
    public IReadOnlyList<QueueMessage> RemoveMessages(string queueName, IReadOnlyCollection<string>? messageIds = null)
    {
        lock (_lock)
        {
            var queue = Find(queueName);
            var removed = queue.Messages.Where(message => messageIds is null || messageIds.Contains(message.MessageId)).ToList();
            if (removed.Count == 0)
            {
                return [];
            }

            foreach (var message in removed)
            {
                queue.Messages.Remove(message);
            }

            Save(queue);
            queue.Signal();
            return [.. removed.Select(message => message.ToPublic(AccountId, withHandle: false))];
        }
    }

    private List<QueueMessage> TakeVisible(QueueState queue, DateTimeOffset now, ReceiveOptions options, List<DeadLetteredMessage> deadLettered)
    {
        var changed = queue.DropExpired(now);
        var received = new List<QueueMessage>();
        var redrive = queue.Attributes.RedrivePolicy;
        var deadLetterQueue = redrive is null ? null : FindByArn(redrive.DeadLetterTargetArn);
        foreach (var message in queue.Messages.Where(message => message.VisibleAt <= now).ToList())
        {
            if (received.Count == options.MaxNumberOfMessages)
            {
                break;
            }

            changed = true;
            if (deadLetterQueue is not null && deadLetterQueue != queue && message.ReceiveCount >= redrive!.MaxReceiveCount)
            {
                queue.Messages.Remove(message);
                message.ReceiptHandle = null;
                message.DeadLetterSourceArn = QueueArn(queue.Name);
                deadLetterQueue.Messages.Add(message);
                Save(deadLetterQueue);
                deadLetterQueue.Signal();
                CountersOf(queue.Name).DeadLettered++;
                deadLettered.Add(new DeadLetteredMessage(queue.Name, deadLetterQueue.Name, message.ToPublic(AccountId, withHandle: false)));
                continue;
            }

            message.ReceiveCount++;
            message.FirstReceivedAt ??= now;
            message.ReceiptHandle = ReceiptHandles.Create(message.MessageId);
            message.VisibleAt = now + (options.VisibilityTimeout ?? queue.Attributes.VisibilityTimeout);
            received.Add(message.ToPublic(AccountId, withHandle: true));
        }

        if (changed)
        {
            Save(queue);
        }

        CountersOf(queue.Name).Received += received.Count;
        return received;
    }

    private Counters CountersOf(string name)
    {
        if (!_counters.TryGetValue(name, out var counters))
        {
            _counters[name] = counters = new Counters();
        }

        return counters;
    }

    private sealed class Counters
    {
        public long Sent { get; set; }

        public long Received { get; set; }

        public long Deleted { get; set; }

        public long DeadLettered { get; set; }
    }

    private QueueState Find(string name) =>
        _queues.TryGetValue(name, out var queue) ? queue : throw Errors.NonExistentQueue();

    private QueueState? FindByArn(string? arn)
    {
        if (arn is null)
        {
            return null;
        }

        var name = arn[(arn.LastIndexOf(':') + 1)..];
        return _queues.TryGetValue(name, out var queue) && QueueArn(name) == arn ? queue : null;
    }

    private QueueInfo Info(QueueState queue) => new(queue.Name, QueueArn(queue.Name), queue.Attributes, queue.CreatedAt, queue.LastModifiedAt);

    private void Save(QueueState queue) => _store?.Save(queue);

    private static class ReceiptHandles
    {
        public static string Create(string messageId) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{messageId} {Guid.NewGuid():N}"));

        public static string MessageId(string handle)
        {
            ArgumentNullException.ThrowIfNull(handle);
            var bytes = new byte[handle.Length];
            if (Convert.TryFromBase64String(handle, bytes, out var written)
                && Encoding.UTF8.GetString(bytes, 0, written).Split(' ') is [var messageId, { Length: 32 }])
            {
                return messageId;
            }

            throw Errors.InvalidReceiptHandle(handle);
        }
    }
}
