namespace Platform.Local.Storage.Internal;

/// <summary>S3's notification event types and how a configured type matches an event.</summary>
internal static class EventTypes
{
    public const string Put = "ObjectCreated:Put";
    public const string Copy = "ObjectCreated:Copy";
    public const string CompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload";
    public const string Delete = "ObjectRemoved:Delete";
    public const string DeleteMarkerCreated = "ObjectRemoved:DeleteMarkerCreated";

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
    private static readonly HashSet<string> Configurable = new(StringComparer.Ordinal)
    {
        "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
        "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
        "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
        "s3:ReducedRedundancyLostObject",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold",
        "s3:Replication:OperationReplicatedAfterThreshold", "s3:Replication:OperationNotTracked",
        "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
        "s3:LifecycleTransition", "s3:IntelligentTiering",
        "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
        "s3:ObjectAcl:Put",
    };

    public static bool IsConfigurable(string eventType) => Configurable.Contains(eventType);

    /// <summary>Whether a configured type (<c>s3:ObjectCreated:*</c>) covers an event name (<c>ObjectCreated:Put</c>).</summary>
    public static bool Covers(string configured, string eventName)
    {
        var full = "s3:" + eventName;
        return configured.EndsWith(":*", StringComparison.Ordinal)
            ? full.StartsWith(configured[..^1], StringComparison.Ordinal)
            : string.Equals(configured, full, StringComparison.Ordinal);
    }

    /// <summary>Whether two configured types can both cover one event.</summary>
    public static bool Intersect(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (a.EndsWith(":*", StringComparison.Ordinal) && b.StartsWith(a[..^1], StringComparison.Ordinal))
        || (b.EndsWith(":*", StringComparison.Ordinal) && a.StartsWith(b[..^1], StringComparison.Ordinal));

    /// <summary>Whether a rule's filter lets a key through; the key is compared in its event (URL-encoded) form.</summary>
    public static bool Matches(NotificationRule rule, string eventKey) =>
        eventKey.StartsWith(rule.Prefix ?? string.Empty, StringComparison.Ordinal)
        && eventKey.EndsWith(rule.Suffix ?? string.Empty, StringComparison.Ordinal);

    /// <summary>S3's ambiguity rule: some key could match both rules for a shared event type.</summary>
    public static bool Overlap(NotificationRule a, NotificationRule b)
    {
        var sharedType = a.Events.Any(x => b.Events.Any(y => Intersect(x, y)));
        var (prefixA, prefixB) = (a.Prefix ?? string.Empty, b.Prefix ?? string.Empty);
        var (suffixA, suffixB) = (a.Suffix ?? string.Empty, b.Suffix ?? string.Empty);
        var prefixesOverlap = prefixA.StartsWith(prefixB, StringComparison.Ordinal) || prefixB.StartsWith(prefixA, StringComparison.Ordinal);
        var suffixesOverlap = suffixA.EndsWith(suffixB, StringComparison.Ordinal) || suffixB.EndsWith(suffixA, StringComparison.Ordinal);
        return sharedType && prefixesOverlap && suffixesOverlap;
    }
}
