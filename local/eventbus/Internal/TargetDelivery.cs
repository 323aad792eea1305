using System.Globalization;

namespace Platform.Local.EventBus.Internal;

/// <summary>Delivers one event to one target with the rule's retry policy, then to the dead-letter queue.</summary>
internal sealed class TargetDelivery(EventBusOptions options)
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay =
        options.Delay ?? ((delay, token) => Task.Delay(delay, options.TimeProvider, token));

#pragma warning disable CA5394 // Jitter spreads retries; it is not a security decision.
    private readonly Func<double> _jitter = options.Jitter ?? Random.Shared.NextDouble;
#pragma warning restore CA5394

    /// <summary>Raised when an event could not be delivered, whether or not a dead-letter queue took it.</summary>
    public event EventHandler<DeadLetterMessage>? Exhausted;

    public async Task RunAsync(string eventJson, string eventId, string? traceHeader, Rule rule, RuleTarget target, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var policy = target.RetryPolicy;
        var maxAge = TimeSpan.FromSeconds(policy.MaximumEventAgeInSeconds);
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                await target.Target.DeliverAsync(eventJson, new EventDelivery(eventId, rule.Arn, target.Target.Arn, attempt, traceHeader), cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any target failure is retried, as EventBridge retries any failed invocation.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }

            var retries = attempt - 1;
            string? exhausted = null;
            var delay = BackOff(retries);
            if (retries >= policy.MaximumRetryAttempts)
            {
                exhausted = "MaximumRetryAttempts";
            }
            else if (options.TimeProvider.GetUtcNow() + delay - receivedAt > maxAge)
            {
                exhausted = "MaximumEventAgeInSeconds";
            }

            if (exhausted is not null)
            {
                await DeadLetterAsync(eventJson, rule, target, error, exhausted, retries, cancellationToken);
                return;
            }

            try
            {
                await _delay(delay, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Exponential back-off with "equal jitter": half of the doubled delay is fixed, half random.</summary>
    private TimeSpan BackOff(int retries)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retries, 30));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * _jitter()));
    }

    private async Task DeadLetterAsync(string eventJson, Rule rule, RuleTarget target, Exception error, string condition, int retries, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RULE_ARN"] = rule.Arn,
            ["TARGET_ARN"] = target.Target.Arn,
            ["ERROR_CODE"] = error is EventTargetException targetError ? targetError.ErrorCode : error.GetType().Name,
            ["ERROR_MESSAGE"] = error.Message,
            ["EXHAUSTED_RETRY_CONDITION"] = condition,
            ["RETRY_ATTEMPTS"] = retries.ToString(CultureInfo.InvariantCulture),
        };
        var message = new DeadLetterMessage(eventJson, attributes);
        try
        {
            if (target.DeadLetter is { } sink)
            {
                await sink.SendAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failing dead-letter queue loses the event, as on AWS; the Exhausted event still reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        Exhausted?.Invoke(this, message);
    }
}
