namespace Platform.Local.Storage;

/// <summary>A bucket notification configuration: which events, for which keys, go to a destination.</summary>
/// <remarks>
/// Matching is S3's: an event type such as <c>s3:ObjectCreated:*</c> covers every <c>ObjectCreated:…</c> event; the prefix
/// and suffix are literal (no wildcards), case-sensitive, and compared with the key as the event record carries it, so a
/// key with special characters is matched in its URL-encoded form (<c>my+file.csv</c>) as on AWS. As S3 does, a bucket
/// refuses two rules that share an event type when their prefixes and suffixes overlap.
/// </remarks>
public sealed record NotificationRule
{
    /// <summary>The configuration id, sent as <c>s3.configurationId</c> in the record.</summary>
    public required string Id { get; init; }

    /// <summary>The event types, for example <c>s3:ObjectCreated:*</c> or <c>s3:ObjectRemoved:Delete</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>The key prefix to match, or null for any.</summary>
    public string? Prefix { get; init; }

    /// <summary>The key suffix to match, or null for any.</summary>
    public string? Suffix { get; init; }
}
