using System.Text.Json;
using Platform.Functions.Shared.Domain.Events;
using Platform.Tests.Domain.Contracts;

namespace Platform.Tests.Domain.Fakes;

/// <summary>Records published events after checking each against its contract's schema; can fail on demand like a throttled bus.</summary>
internal sealed class RecordingEventPublisher : IEventPublisher
{
    private readonly List<OutgoingEvent> _published = [];

    public IReadOnlyList<OutgoingEvent> Published => _published;

    /// <summary>How many of the next calls throw before publishing anything.</summary>
    public int FailuresToInject { get; set; }

    public int Attempts { get; private set; }

    public IReadOnlyList<OutgoingEvent> Of(EventContract contract) => [.. _published.Where(e => e.Contract == contract)];

    /// <summary>The detail of the only event of the contract, parsed.</summary>
    public JsonElement SingleDetail(EventContract contract) => JsonDocument.Parse(Assert.Single(Of(contract)).DetailJson).RootElement.Clone();

    public Task PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        Attempts++;
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new InjectedFailureException("The event bus is unavailable.");
        }

        foreach (var outgoing in events)
        {
            var errors = ContractSchemas.Validate(outgoing.Contract, outgoing.DetailJson);
            if (errors.Count > 0)
            {
                Assert.Fail($"The producer wrote a {outgoing.Contract.DetailType} that breaks its schema: {string.Join("; ", errors)}");
            }
        }

        _published.AddRange(events);
        return Task.CompletedTask;
    }
}
