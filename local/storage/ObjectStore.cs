using System.Globalization;
using System.Security.Cryptography;
using Platform.Local.Storage.Internal;

namespace Platform.Local.Storage;

/// <summary>
/// Local S3 storage: buckets, versioned objects and multipart uploads kept on disk, and bucket notifications delivered
/// to callbacks. <see cref="S3Endpoint"/> serves it over S3's REST API.
/// </summary>
/// <remarks>
/// Content is streamed to a temporary file and moved into the bucket when complete, so an object is never seen half
/// written and a restart keeps every completed write. Notifications are handed over after the write, off the request:
/// one at a time in event order, abandoned if the store stops first (S3's delivery is asynchronous too).
/// </remarks>
public sealed class ObjectStore : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly string _bucketsDirectory;
    private readonly string _temporaryDirectory;
    private readonly MultipartUploads _uploads;
    private readonly NotificationDispatcher _notifications;
    private long _lastSequencer;

    /// <summary>Opens the store kept in <see cref="ObjectStoreOptions.StateDirectory"/>, creating it if needed.</summary>
    public ObjectStore(ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.StateDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxObjectSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinPartSize);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        Options = options with { StateDirectory = Path.GetFullPath(options.StateDirectory) };
        _bucketsDirectory = Path.Combine(Options.StateDirectory, "buckets");
        _temporaryDirectory = Path.Combine(Options.StateDirectory, "tmp");
        if (Directory.Exists(_temporaryDirectory))
        {
            // Uploads cut off by the last stop.
            Directory.Delete(_temporaryDirectory, recursive: true);
        }

        Directory.CreateDirectory(_temporaryDirectory);
        Directory.CreateDirectory(_bucketsDirectory);
        foreach (var directory in Directory.EnumerateDirectories(_bucketsDirectory))
        {
            if (BucketState.Load(directory) is { } bucket)
            {
                _buckets[bucket.Name] = bucket;
            }
        }

        _uploads = new MultipartUploads(Path.Combine(Options.StateDirectory, "uploads"));
        _notifications = new NotificationDispatcher(args => NotificationFailed?.Invoke(this, args));
    }

    /// <summary>Raised when a notification callback throws.</summary>
    public event EventHandler<NotificationFailedEventArgs>? NotificationFailed;

    /// <summary>The options, with the state directory as a full path.</summary>
    public ObjectStoreOptions Options { get; }

    /// <summary>Notifications queued or being delivered.</summary>
    public int PendingNotifications => _notifications.Pending;

    /// <summary>The bucket names, in order.</summary>
    public IReadOnlyList<string> BucketNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _buckets.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Creates the bucket unless it exists.</summary>
    /// <returns>Whether it was created.</returns>
    /// <exception cref="ArgumentException">The name breaks S3's bucket naming rules.</exception>
    public bool EnsureBucket(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.IsValidBucketName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid S3 bucket name.", nameof(name));
        }

        lock (_lock)
        {
            if (_buckets.ContainsKey(name))
            {
                return false;
            }

            CreateBucketLocked(name, Options.Region);
            return true;
        }
    }

    /// <summary>Adds a notification configuration to a bucket: matching events are passed to <paramref name="deliver"/>.</summary>
    /// <remarks>
    /// Callbacks run one at a time, after the request that caused the event has been answered; keep them short (queue the
    /// event, as an asynchronous Lambda invocation does). A callback that throws raises <see cref="NotificationFailed"/>.
    /// </remarks>
    /// <exception cref="S3Exception"><c>NoSuchBucket</c>.</exception>
    /// <exception cref="ArgumentException">An unknown event type, a duplicate id, or a filter that overlaps another rule's for a shared event type.</exception>
    public void AddNotification(string bucket, NotificationRule rule, Func<S3EventNotification, CancellationToken, Task> deliver)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.Id, nameof(rule));
        if (rule.Events is not { Count: > 0 })
        {
            throw new ArgumentException("A notification rule needs at least one event type.", nameof(rule));
        }

        if (rule.Events.FirstOrDefault(e => !EventTypes.IsConfigurable(e)) is { } unknown)
        {
            throw new ArgumentException($"The event '{unknown}' is not supported for notifications.", nameof(rule));
        }

        if (rule.Prefix?.Length > Names.MaxKeyBytes || rule.Suffix?.Length > Names.MaxKeyBytes)
        {
            throw new ArgumentException($"A filter value is longer than {Names.MaxKeyBytes} characters.", nameof(rule));
        }

        lock (_lock)
        {
            var state = Bucket(bucket);
            if (state.Subscriptions.Any(s => string.Equals(s.Rule.Id, rule.Id, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The bucket already has a notification configuration with id '{rule.Id}'.", nameof(rule));
            }

            if (state.Subscriptions.FirstOrDefault(s => EventTypes.Overlap(s.Rule, rule)) is { } other)
            {
                throw new ArgumentException(
                    $"Configuration is ambiguously defined: '{rule.Id}' and '{other.Rule.Id}' have overlapping prefixes and suffixes for the same event type.",
                    nameof(rule));
            }

            state.Subscriptions.Add(new Subscription(rule, deliver));
        }
    }

    /// <summary>Stores an object as a PUT does, ETag and notifications included.</summary>
    /// <exception cref="S3Exception"><c>NoSuchBucket</c>, <c>KeyTooLongError</c> or <c>EntityTooLarge</c>.</exception>
    public async Task<StoredObject> PutObjectAsync(
        string bucket, string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        Names.ValidateKey(key);
        RequireBucket(bucket);
        await using var incoming = CreateIncoming(checksumAlgorithm: null, computeSha256: false);
        await incoming.CopyFromAsync(content, cancellationToken).ConfigureAwait(false);
        await incoming.CompleteAsync().ConfigureAwait(false);
        var attributes = new ObjectAttributes(contentType ?? ObjectHeaders.DefaultContentType, [], []);
        var version = Commit(bucket, key, incoming, attributes, WriteConditions.None, RequestInfo.Create("127.0.0.1", Options.OwnerId), EventTypes.Put);
        return new StoredObject(
            bucket, key, version.Size, version.ETag, version.VersionId == ObjectVersion.NullVersionId ? null : version.VersionId, version.LastModified);
    }

    /// <summary>
    /// Delivers the ObjectCreated notification of a stored object again, as S3's at-least-once delivery sometimes does: the
    /// same record (event name and time, key, size, ETag, version id, sequencer and request ids) to every matching configuration.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key, not URL-encoded.</param>
    /// <param name="versionId">The version, or null for the latest.</param>
    /// <returns>The notifications queued: one per matching configuration, none when no configuration matches.</returns>
    /// <exception cref="S3Exception"><c>NoSuchBucket</c>, <c>NoSuchKey</c> or <c>NoSuchVersion</c>.</exception>
    public IReadOnlyList<S3EventNotification> Redeliver(string bucket, string key, string? versionId = null)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        var version = Read(bucket, key, versionId, openContent: false).Version;
        lock (_lock)
        {
            var state = Bucket(bucket);

            // Versions written before the event was kept get a fresh sequencer and request ids: the object fields still match.
            var created = version.Created ?? new CreatedEvent(EventTypes.Put, NextSequencer(), "REDELIVERED", "REDELIVERED", "127.0.0.1", Options.OwnerId);
            return Publish(state, created.EventName, key, version, new RequestInfo(created.RequestId, created.HostId, created.SourceIpAddress, created.PrincipalId), created.Sequencer);
        }
    }

    /// <summary>Stops delivering notifications; those still queued are dropped.</summary>
    public ValueTask DisposeAsync() => _notifications.DisposeAsync();

    internal IncomingContent CreateIncoming(string? checksumAlgorithm, bool computeSha256) =>
        new(Path.Combine(_temporaryDirectory, Guid.NewGuid().ToString("N")), Options.MaxObjectSize, checksumAlgorithm, computeSha256);

    internal void CreateBucket(string name, string region)
    {
        if (!Names.IsValidBucketName(name))
        {
            throw S3Exception.InvalidBucketName(name);
        }

        lock (_lock)
        {
            if (_buckets.ContainsKey(name))
            {
                throw S3Exception.BucketAlreadyOwnedByYou(name);
            }

            CreateBucketLocked(name, region);
        }
    }

    /// <summary>The bucket's settings as they are now, or <c>NoSuchBucket</c>.</summary>
    internal BucketRecord GetBucket(string name)
    {
        lock (_lock)
        {
            var record = Bucket(name).Record;
            return new BucketRecord { Name = record.Name, CreationDate = record.CreationDate, Region = record.Region, Versioning = record.Versioning };
        }
    }

    internal void RequireBucket(string name) => GetBucket(name);

    internal IReadOnlyList<BucketRecord> ListBuckets()
    {
        lock (_lock)
        {
            return [.. _buckets.Values.Select(b => b.Record).OrderBy(r => r.Name, StringComparer.Ordinal)];
        }
    }

    internal void DeleteBucket(string name)
    {
        lock (_lock)
        {
            var bucket = Bucket(name);
            if (bucket.Keys.Count > 0)
            {
                throw S3Exception.BucketNotEmpty(name, bucket.IsVersioned);
            }

            foreach (var upload in _uploads.InBucket(name).ToList())
            {
                _uploads.Remove(upload.UploadId);
            }

            _buckets.Remove(name);
            Directory.Delete(bucket.Directory, recursive: true);
        }
    }

    /// <summary>Turns versioning on (<c>Enabled</c>) or suspends it, as PutBucketVersioning does; a bucket never returns to unversioned.</summary>
    /// <exception cref="S3Exception"><c>NoSuchBucket</c>.</exception>
    public void SetVersioning(string name, bool enabled) => SetVersioning(name, enabled ? "Enabled" : "Suspended");

    /// <summary>Sets versioning to <c>Enabled</c> or <c>Suspended</c>; a bucket never returns to unversioned.</summary>
    internal void SetVersioning(string name, string status)
    {
        lock (_lock)
        {
            var bucket = Bucket(name);
            bucket.Record.Versioning = status;
            bucket.SaveRecord();
        }
    }

    /// <summary>Moves uploaded content into the bucket as the key's newest version and publishes the event.</summary>
    internal ObjectVersion Commit(
        string bucketName, string key, IncomingContent content, ObjectAttributes attributes, WriteConditions conditions, RequestInfo request, string eventName,
        StoredChecksum? checksum = null, string? etag = null, List<long>? partSizes = null)
    {
        lock (_lock)
        {
            var bucket = Bucket(bucketName);
            bucket.Keys.TryGetValue(key, out var record);
            CheckWriteConditions(conditions, record?.Latest is { IsDeleteMarker: false } current ? current : null, key);
            var created = new CreatedEvent(eventName, NextSequencer(), request.RequestId, request.HostId, request.SourceIpAddress, request.PrincipalId);
            var dataFile = Guid.NewGuid().ToString("N");
            File.Move(content.TemporaryPath, bucket.DataPath(dataFile));
            var version = new ObjectVersion
            {
                VersionId = NewVersionId(bucket),
                LastModified = Now(),
                Size = content.Length,
                ETag = etag ?? content.Md5Hex,
                DataFile = dataFile,
                ContentType = attributes.ContentType,
                Headers = attributes.Headers,
                Metadata = attributes.Metadata,
                ChecksumAlgorithm = checksum?.Algorithm,
                ChecksumValue = checksum?.Value,
                ChecksumType = checksum?.Type,
                PartSizes = partSizes,
                Created = created,
            };
            AddVersion(bucket, record ?? new KeyRecord { Key = key }, version);
            Publish(bucket, eventName, key, version, request, created.Sequencer);
            return version;
        }
    }

    /// <summary>Finds a version for GET or HEAD and opens its content if asked to.</summary>
    internal ObjectRead Read(string bucketName, string key, string? versionId, bool openContent)
    {
        lock (_lock)
        {
            var bucket = Bucket(bucketName);
            bucket.Keys.TryGetValue(key, out var record);
            ObjectVersion version;
            if (versionId is null)
            {
                version = record?.Latest ?? throw S3Exception.NoSuchKey(key);
                if (version.IsDeleteMarker)
                {
                    throw S3Exception.NoSuchKey(key).WithHeaders(DeleteMarkerHeaders(version));
                }
            }
            else
            {
                version = record?.Versions.Find(v => string.Equals(v.VersionId, versionId, StringComparison.Ordinal))
                    ?? throw S3Exception.NoSuchVersion(key, versionId);
                if (version.IsDeleteMarker)
                {
                    throw S3Exception.MethodNotAllowed("GET", "DeleteMarker").WithHeaders(DeleteMarkerHeaders(version));
                }
            }

            var content = openContent
                ? new FileStream(bucket.DataPath(version.DataFile!), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous)
                : null;
            return new ObjectRead(version, bucket.IsVersioned, content);
        }
    }

    /// <summary>DeleteObject: without a version id removes the object or, in a versioned bucket, adds a delete marker; with one removes that version.</summary>
    internal DeleteOutcome Delete(string bucketName, string key, string? versionId, RequestInfo request)
    {
        lock (_lock)
        {
            var bucket = Bucket(bucketName);
            var record = bucket.Keys.GetValueOrDefault(key) ?? new KeyRecord { Key = key };
            if (versionId is not null)
            {
                var version = record.Versions.Find(v => string.Equals(v.VersionId, versionId, StringComparison.Ordinal));
                if (version is null)
                {
                    return new DeleteOutcome(versionId, false);
                }

                record.Versions.Remove(version);
                bucket.SaveKey(record);
                bucket.DeleteData(version);
                Publish(bucket, EventTypes.Delete, key, version, request);
                return new DeleteOutcome(versionId, version.IsDeleteMarker);
            }

            if (!bucket.IsVersioned)
            {
                if (record.Latest is not { } removed)
                {
                    return new DeleteOutcome(null, false);
                }

                record.Versions.Clear();
                bucket.SaveKey(record);
                bucket.DeleteData(removed);
                Publish(bucket, EventTypes.Delete, key, null, request);
                return new DeleteOutcome(null, false);
            }

            var marker = new ObjectVersion { VersionId = NewVersionId(bucket), IsDeleteMarker = true, LastModified = Now() };
            AddVersion(bucket, record, marker);
            Publish(bucket, EventTypes.DeleteMarkerCreated, key, marker, request);
            return new DeleteOutcome(marker.VersionId, true);
        }
    }

    /// <summary>CopyObject from an opened source version.</summary>
    internal async Task<ObjectVersion> CopyAsync(
        ObjectRead source, string bucket, string key, ObjectAttributes attributes, WriteConditions conditions, RequestInfo request, CancellationToken cancellationToken)
    {
        RequireBucket(bucket);
        var algorithm = source.Version.ChecksumAlgorithm;
        await using var incoming = CreateIncoming(algorithm, computeSha256: false);
        await incoming.CopyFromAsync(source.Content!, cancellationToken).ConfigureAwait(false);
        await incoming.CompleteAsync().ConfigureAwait(false);
        var checksum = algorithm is null ? null : new StoredChecksum(algorithm, incoming.ChecksumValue!, StoredChecksum.FullObject);
        return Commit(bucket, key, incoming, attributes, conditions, request, EventTypes.Copy, checksum);
    }

    internal ListPage List(string bucketName, ListRequest request)
    {
        lock (_lock)
        {
            var contents = new List<(string, ObjectVersion)>();
            var prefixes = new List<string>();
            string? last = null;
            var truncated = false;
            foreach (var (key, record) in KeysWithPrefix(Bucket(bucketName), request.Prefix))
            {
                if (record.Latest is not { IsDeleteMarker: false } latest
                    || (request.StartAfter is not null && KeyOrder.Instance.Compare(key, request.StartAfter) <= 0))
                {
                    continue;
                }

                var commonPrefix = CommonPrefix(key, request.Prefix, request.Delimiter);
                var entry = commonPrefix ?? key;
                if ((request.Marker is not null && KeyOrder.Instance.Compare(entry, request.Marker) <= 0) || string.Equals(entry, last, StringComparison.Ordinal))
                {
                    continue;
                }

                if (contents.Count + prefixes.Count == request.MaxKeys)
                {
                    // With max-keys=0 there is no last entry to continue from: an empty, complete answer.
                    truncated = request.MaxKeys > 0;
                    break;
                }

                if (commonPrefix is null)
                {
                    contents.Add((key, latest));
                }
                else
                {
                    prefixes.Add(commonPrefix);
                }

                last = entry;
            }

            return new ListPage(contents, prefixes, truncated, last);
        }
    }

    internal VersionPage ListVersions(string bucketName, VersionListRequest request)
    {
        lock (_lock)
        {
            var versions = new List<VersionEntry>();
            var prefixes = new List<string>();
            var count = 0;
            string? lastKey = null;
            string? lastVersionId = null;
            foreach (var (key, record) in KeysWithPrefix(Bucket(bucketName), request.Prefix))
            {
                var order = request.KeyMarker is null ? 1 : KeyOrder.Instance.Compare(key, request.KeyMarker);
                if (order < 0 || (order == 0 && request.VersionIdMarker is null))
                {
                    continue;
                }

                if (CommonPrefix(key, request.Prefix, request.Delimiter) is { } commonPrefix)
                {
                    if ((request.KeyMarker is not null && KeyOrder.Instance.Compare(commonPrefix, request.KeyMarker) <= 0)
                        || (prefixes.Count > 0 && string.Equals(prefixes[^1], commonPrefix, StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    if (count == request.MaxKeys)
                    {
                        return new VersionPage(versions, prefixes, count > 0, lastKey, lastVersionId);
                    }

                    prefixes.Add(commonPrefix);
                    (lastKey, lastVersionId) = (commonPrefix, null);
                    count++;
                    continue;
                }

                var start = order == 0 ? record.Versions.FindIndex(v => string.Equals(v.VersionId, request.VersionIdMarker, StringComparison.Ordinal)) + 1 : 0;
                for (var i = start; i < record.Versions.Count; i++)
                {
                    if (count == request.MaxKeys)
                    {
                        return new VersionPage(versions, prefixes, count > 0, lastKey, lastVersionId);
                    }

                    versions.Add(new VersionEntry(key, record.Versions[i], i == 0));
                    (lastKey, lastVersionId) = (key, record.Versions[i].VersionId);
                    count++;
                }
            }

            return new VersionPage(versions, prefixes, false, null, null);
        }
    }

    internal UploadRecord CreateUpload(string bucket, string key, ObjectAttributes attributes, string? checksumAlgorithm, string? checksumType)
    {
        lock (_lock)
        {
            Bucket(bucket);
            return _uploads.Create(bucket, key, Now(), attributes, checksumAlgorithm, checksumType);
        }
    }

    internal UploadRecord GetUpload(string bucket, string key, string uploadId)
    {
        lock (_lock)
        {
            Bucket(bucket);
            return _uploads.Get(bucket, key, uploadId);
        }
    }

    internal IReadOnlyList<UploadRecord> ListUploads(string bucket)
    {
        lock (_lock)
        {
            Bucket(bucket);
            return [.. _uploads.InBucket(bucket).OrderBy(u => u.Key, KeyOrder.Instance).ThenBy(u => u.Initiated)];
        }
    }

    internal PartRecord SavePart(string bucket, string key, string uploadId, int partNumber, IncomingContent content)
    {
        lock (_lock)
        {
            var upload = _uploads.Get(bucket, key, uploadId);
            var part = new PartRecord
            {
                PartNumber = partNumber,
                Size = content.Length,
                ETag = content.Md5Hex,
                LastModified = Now(),
                ChecksumValue = content.ChecksumValue,
            };
            _uploads.SavePart(upload, content.TemporaryPath, part);
            return part;
        }
    }

    internal IReadOnlyList<PartRecord> ListParts(string bucket, string key, string uploadId)
    {
        lock (_lock)
        {
            return [.. _uploads.Parts(_uploads.Get(bucket, key, uploadId)).Values];
        }
    }

    internal void AbortUpload(string bucket, string key, string uploadId)
    {
        lock (_lock)
        {
            Bucket(bucket);
            _uploads.Get(bucket, key, uploadId);
            _uploads.Remove(uploadId);
        }
    }

    /// <summary>
    /// CompleteMultipartUpload: joins the named parts into the object; its ETag is the MD5 of the parts' MD5s and <c>-N</c>.
    /// A whole-object checksum the client sent (<paramref name="expectedChecksum"/>) is checked for a <c>FULL_OBJECT</c> upload.
    /// </summary>
    internal async Task<ObjectVersion> CompleteUploadAsync(
        string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, string? expectedChecksum, RequestInfo request,
        CancellationToken cancellationToken)
    {
        UploadRecord upload;
        SortedDictionary<int, PartRecord> stored;
        lock (_lock)
        {
            Bucket(bucket);
            upload = _uploads.Get(bucket, key, uploadId);
            stored = _uploads.Parts(upload);
        }

        var chosen = ChooseParts(parts, stored);
        var fullObject = string.Equals(upload.ChecksumType, StoredChecksum.FullObject, StringComparison.Ordinal);
        await using var incoming = CreateIncoming(fullObject ? upload.ChecksumAlgorithm : null, computeSha256: false);
        foreach (var part in chosen)
        {
            var source = new FileStream(_uploads.PartPath(upload, part.PartNumber), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (source.ConfigureAwait(false))
            {
                await incoming.CopyFromAsync(source, cancellationToken).ConfigureAwait(false);
            }
        }

        await incoming.CompleteAsync().ConfigureAwait(false);
#pragma warning disable CA5351 // S3 defines a multipart ETag as the MD5 of the parts' MD5s: an identifier, not security.
        var etag = Convert.ToHexStringLower(MD5.HashData(chosen.SelectMany(p => Convert.FromHexString(p.ETag)).ToArray()))
            + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture);
#pragma warning restore CA5351
        StoredChecksum? checksum = null;
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            if (fullObject)
            {
                if (expectedChecksum is not null && !string.Equals(expectedChecksum, incoming.ChecksumValue, StringComparison.Ordinal))
                {
                    throw S3Exception.BadDigest(algorithm);
                }

                checksum = new StoredChecksum(algorithm, incoming.ChecksumValue!, StoredChecksum.FullObject);
            }
            else if (chosen.All(p => p.ChecksumValue is not null))
            {
                // S3's composite checksum: the checksum of the parts' checksums, and the part count.
                var composite = Checksums.Compute(algorithm, chosen.SelectMany(p => Convert.FromBase64String(p.ChecksumValue!)).ToArray());
                checksum = new StoredChecksum(algorithm, composite + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture), StoredChecksum.Composite);
            }
        }

        var attributes = new ObjectAttributes(upload.ContentType, upload.Headers, upload.Metadata);
        var version = Commit(
            bucket, key, incoming, attributes, WriteConditions.None, request, EventTypes.CompleteMultipartUpload, checksum, etag, [.. chosen.Select(p => p.Size)]);
        lock (_lock)
        {
            _uploads.Remove(uploadId);
        }

        return version;
    }

    private List<PartRecord> ChooseParts(IReadOnlyList<CompletedPart> parts, SortedDictionary<int, PartRecord> stored)
    {
        if (parts.Count == 0)
        {
            throw S3Exception.MalformedXml();
        }

        for (var i = 1; i < parts.Count; i++)
        {
            if (parts[i].PartNumber <= parts[i - 1].PartNumber)
            {
                throw S3Exception.InvalidPartOrder();
            }
        }

        var chosen = new List<PartRecord>(parts.Count);
        foreach (var named in parts)
        {
            if (!stored.TryGetValue(named.PartNumber, out var part)
                || !string.Equals(ObjectHeaders.Unquote(named.ETag), part.ETag, StringComparison.OrdinalIgnoreCase)
                || (named.Checksum is not null && part.ChecksumValue is not null && !string.Equals(named.Checksum, part.ChecksumValue, StringComparison.Ordinal)))
            {
                throw S3Exception.InvalidPart(
                    "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.");
            }

            chosen.Add(part);
        }

        if (chosen.SkipLast(1).FirstOrDefault(p => p.Size < Options.MinPartSize) is { } small)
        {
            throw S3Exception.EntityTooSmall(small.Size, Options.MinPartSize);
        }

        return chosen;
    }

    private void CreateBucketLocked(string name, string region)
    {
        var record = new BucketRecord { Name = name, CreationDate = Now(), Region = region };
        _buckets[name] = BucketState.Create(Path.Combine(_bucketsDirectory, name), record);
    }

    private BucketState Bucket(string name) => _buckets.GetValueOrDefault(name) ?? throw S3Exception.NoSuchBucket(name);

    private static IEnumerable<KeyValuePair<string, KeyRecord>> KeysWithPrefix(BucketState bucket, string prefix)
    {
        foreach (var pair in bucket.Keys)
        {
            if (pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return pair;
            }
            else if (KeyOrder.Instance.Compare(pair.Key, prefix) > 0)
            {
                // Keys with the prefix are contiguous in key order: past them, nothing more can match.
                yield break;
            }
        }
    }

    private static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }

        var index = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return index < 0 ? null : key[..(index + delimiter.Length)];
    }

    private static void CheckWriteConditions(WriteConditions conditions, ObjectVersion? current, string key)
    {
        if (conditions.IfNoneMatchAny && current is not null)
        {
            throw S3Exception.PreconditionFailed("If-None-Match");
        }

        if (conditions.IfMatch is { } ifMatch)
        {
            if (current is null)
            {
                throw S3Exception.NoSuchKey(key);
            }

            if (!ObjectHeaders.ETagMatches(ifMatch, current.ETag))
            {
                throw S3Exception.PreconditionFailed("If-Match");
            }
        }
    }

    /// <summary>Adds a version as the newest; in a bucket that is not versioning-enabled it replaces the <c>null</c> version.</summary>
    private static void AddVersion(BucketState bucket, KeyRecord record, ObjectVersion version)
    {
        ObjectVersion? replaced = null;
        if (version.VersionId == ObjectVersion.NullVersionId)
        {
            replaced = record.Versions.Find(v => v.VersionId == ObjectVersion.NullVersionId);
            if (replaced is not null)
            {
                record.Versions.Remove(replaced);
            }
        }

        record.Versions.Insert(0, version);
        bucket.SaveKey(record);
        if (replaced is not null)
        {
            bucket.DeleteData(replaced);
        }
    }

    private static (string Name, string Value)[] DeleteMarkerHeaders(ObjectVersion marker) =>
        [("x-amz-delete-marker", "true"), ("x-amz-version-id", marker.VersionId)];

    private static string NewVersionId(BucketState bucket) =>
        bucket.Record.Versioning == "Enabled"
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '.').Replace('/', '_')
            : ObjectVersion.NullVersionId;

    private DateTimeOffset Now()
    {
        var now = Options.TimeProvider.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>S3's sequencer only orders events for one key; a store-wide counter, ahead of the clock, does that across restarts.</summary>
    private string NextSequencer()
    {
        _lastSequencer = Math.Max(_lastSequencer + 1, Options.TimeProvider.GetUtcNow().UtcTicks);
        return _lastSequencer.ToString("X16", CultureInfo.InvariantCulture);
    }

    private List<S3EventNotification> Publish(BucketState bucket, string eventName, string key, ObjectVersion? version, RequestInfo request, string? sequencer = null)
    {
        List<S3EventNotification> published = [];
        if (bucket.Subscriptions.Count == 0)
        {
            return published;
        }

        var eventKey = KeyEncoding.ForEvent(key);
        var matching = bucket.Subscriptions
            .Where(s => s.Rule.Events.Any(e => EventTypes.Covers(e, eventName)) && EventTypes.Matches(s.Rule, eventKey))
            .ToList();
        if (matching.Count == 0)
        {
            return published;
        }

        sequencer ??= NextSequencer();
        var created = eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);
        var time = created && version is not null ? version.LastModified : Now();
        var versionId = version?.VersionId is { } id && id != ObjectVersion.NullVersionId ? id : null;
        foreach (var subscription in matching)
        {
            var record = new S3EventRecord
            {
                AwsRegion = bucket.Record.Region,
                EventTime = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                EventName = eventName,
                UserIdentity = new S3EventIdentity(request.PrincipalId),
                RequestParameters = new S3EventRequestParameters(request.SourceIpAddress),
                ResponseElements = new S3EventResponseElements(request.RequestId, request.HostId),
                S3 = new S3EventEntity
                {
                    ConfigurationId = subscription.Rule.Id,
                    Bucket = new S3EventBucket
                    {
                        Name = bucket.Name,
                        OwnerIdentity = new S3EventIdentity(Options.OwnerId),
                        Arn = "arn:aws:s3:::" + bucket.Name,
                    },
                    Object = new S3EventObject
                    {
                        Key = eventKey,
                        Size = created ? version?.Size : null,
                        ETag = created ? version?.ETag : null,
                        VersionId = versionId,
                        Sequencer = sequencer,
                    },
                },
            };
            var notification = new S3EventNotification { Records = [record] };
            _notifications.Enqueue(bucket.Name, subscription, notification);
            published.Add(notification);
        }

        return published;
    }
}
