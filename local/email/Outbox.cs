using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Local.Email.Internal;

namespace Platform.Local.Email;

/// <summary>The local outbox: one JSON file per accepted message in a directory, named so that name order is arrival order.</summary>
/// <remarks>
/// The directory is the state: <see cref="List"/> reads it each time, so messages survive restarts and another process
/// (the runner's <c>outbox</c> command) sees what this one writes. Files are written to a temporary name and renamed,
/// so a reader never sees half a message.
/// </remarks>
public sealed class Outbox
{
    private const string Extension = ".json";
    private const string TemporaryExtension = ".tmp";

    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Opens (creating it if needed) the outbox kept in <paramref name="directory"/>.</summary>
    public Outbox(string directory, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider;
        System.IO.Directory.CreateDirectory(Directory);

        // Continue the sequence after the files already there, so names stay in arrival order across restarts.
        _sequence = MessageFiles().Select(SequenceOf).DefaultIfEmpty(0).Max();
    }

    /// <summary>Raised after a message has been written to the outbox.</summary>
    public event EventHandler<OutboxMessage>? MessageReceived;

    /// <summary>The directory that holds the messages.</summary>
    public string Directory { get; }

    /// <summary>How many messages the outbox holds.</summary>
    public int Count => MessageFiles().Length;

    /// <summary>The messages, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> List()
    {
        var messages = new List<OutboxMessage>();
        foreach (var file in MessageFiles())
        {
            try
            {
                var message = JsonSerializer.Deserialize(File.ReadAllBytes(file), OutboxJsonContext.Default.OutboxMessage);
                if (message is not null)
                {
                    messages.Add(message);
                }
            }
            catch (Exception exception) when (exception is FileNotFoundException or JsonException)
            {
                // Cleared while listing, or not a message of ours: it is not in the outbox.
            }
        }

        return messages;
    }

    /// <summary>Stores a message, giving it an id and the current time, and raises <see cref="MessageReceived"/>.</summary>
    public OutboxMessage Add(NewEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var timestamp = _timeProvider.GetUtcNow();
        var message = new OutboxMessage
        {
            Id = NewMessageId(timestamp),
            Timestamp = timestamp,
            From = email.From,
            To = [.. email.To],
            Cc = [.. email.Cc],
            Bcc = [.. email.Bcc],
            Subject = email.Subject,
            Text = email.Text,
            Html = email.Html,
            ConfigurationSetName = email.ConfigurationSetName,
        };

        lock (_lock)
        {
            // The runner's --reset may have removed the directory since this outbox was opened.
            System.IO.Directory.CreateDirectory(Directory);
            var sequence = ++_sequence;
            var name = string.Create(
                CultureInfo.InvariantCulture, $"{timestamp.UtcDateTime:yyyyMMdd'T'HHmmssfffffff'Z'}-{sequence:D8}-{message.Id}");
            var temporary = Path.Combine(Directory, $".{name}{TemporaryExtension}");
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(message, OutboxJsonContext.Default.OutboxMessage));
            File.Move(temporary, Path.Combine(Directory, name + Extension));
        }

        MessageReceived?.Invoke(this, message);
        return message;
    }

    /// <summary>Deletes every message.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var file in MessageFiles())
            {
                File.Delete(file);
            }
        }
    }

    // SES message ids look like 0100019a1b2c3d4e-5f6a7b8c-…-000000: the time in hex, a random part, a suffix.
    private static string NewMessageId(DateTimeOffset timestamp) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{timestamp.ToUnixTimeMilliseconds():x16}-{Guid.NewGuid()}-{RandomNumberGenerator.GetInt32(1_000_000):D6}");

    private static long SequenceOf(string file)
    {
        var parts = Path.GetFileName(file).Split('-');
        return parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }

    private string[] MessageFiles()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var files = System.IO.Directory.GetFiles(Directory, "*" + Extension)
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
