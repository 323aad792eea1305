using System.Text.Json.Serialization;

namespace Platform.Tests.Functions.Support;

public sealed record PutEventsAnswer(int FailedEntryCount, IReadOnlyList<PutEventsAnswerEntry> Entries);

public sealed record PutEventsAnswerEntry(string EventId);

public sealed record SendEmailAnswer(string MessageId);

[JsonSerializable(typeof(PutEventsAnswer))]
[JsonSerializable(typeof(SendEmailAnswer))]
internal sealed partial class FakeAwsJsonContext : JsonSerializerContext;
