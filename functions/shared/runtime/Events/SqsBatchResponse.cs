using System.Text.Json.Serialization;

namespace Platform.Functions.Shared.Runtime.Events;

/// <summary>The partial batch response: only the messages listed here are retried (requires ReportBatchItemFailures on the mapping).</summary>
public sealed class SqsBatchResponse
{
    /// <summary>The failed messages.</summary>
    [JsonPropertyName("batchItemFailures")]
    public IReadOnlyList<SqsBatchItemFailure> BatchItemFailures { get; init; } = [];
}

/// <summary>One failed message of a partial batch response.</summary>
public sealed class SqsBatchItemFailure
{
    /// <summary>The failed message's id.</summary>
    [JsonPropertyName("itemIdentifier")]
    public string? ItemIdentifier { get; init; }
}
