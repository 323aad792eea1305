using Platform.Local.Email;
using Platform.Tests.Local.Email.Support;

namespace Platform.Tests.Local.Email;

public sealed class OutboxTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 30, 15, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Now);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Add_Message_WritesOneJsonFileAndNoTemporaryFile()
    {
        var sut = CreateSut();

        var message = sut.Add(Email("hello"));

        var file = Assert.Single(Directory.GetFiles(_directory.Path));
        Assert.EndsWith($"{message.Id}.json", file, StringComparison.Ordinal);
        Assert.StartsWith("20261125T143015", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Equal(1, sut.Count);
    }

    [Fact]
    public void Add_Message_StampsIdAndTimeFromTheClock()
    {
        var sut = CreateSut();

        var message = sut.Add(Email("hello"));

        Assert.Equal(Now, message.Timestamp);
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-[0-9]{6}$", message.Id);
        Assert.Equal("hello", Assert.Single(sut.List()).Subject);
    }

    [Fact]
    public void List_MessagesAtDifferentTimes_ReturnsThemOldestFirstAndFileNamesSortTheSameWay()
    {
        var sut = CreateSut();
        var sent = new List<string>();
        foreach (var subject in new[] { "one", "two", "three" })
        {
            sent.Add(sut.Add(Email(subject)).Id);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = sut.List();

        Assert.Equal(sent, listed.Select(message => message.Id));
        var names = Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(sent, names.Select(name => name![(name!.IndexOf('-', StringComparison.Ordinal) + 10)..^5]));
    }

    [Fact]
    public void List_MessagesAtTheSameInstant_KeepsArrivalOrder()
    {
        var sut = CreateSut();

        var sent = Enumerable.Range(1, 12).Select(i => sut.Add(Email($"message {i}")).Id).ToList();

        Assert.Equal(sent, sut.List().Select(message => message.Id));
    }

    [Fact]
    public void List_NewInstanceOnSameDirectory_ReadsEarlierMessagesAndAppendsAfterThem()
    {
        var first = CreateSut().Add(Email("before restart"));

        var sut = CreateSut();
        var second = sut.Add(Email("after restart"));

        Assert.Equal([first.Id, second.Id], sut.List().Select(message => message.Id));
        Assert.Equal(2, sut.Count);
    }

    [Fact]
    public void Add_Message_RaisesMessageReceivedAfterWriting()
    {
        var sut = CreateSut();
        var received = new List<(OutboxMessage Message, int CountWhenRaised)>();
        sut.MessageReceived += (_, message) => received.Add((message, sut.Count));

        var added = sut.Add(Email("hello"));

        var (message, countWhenRaised) = Assert.Single(received);
        Assert.Same(added, message);
        Assert.Equal(1, countWhenRaised);
    }

    [Fact]
    public void Clear_WithMessages_EmptiesTheOutbox()
    {
        var sut = CreateSut();
        sut.Add(Email("one"));
        sut.Add(Email("two"));

        sut.Clear();

        Assert.Equal(0, sut.Count);
        Assert.Empty(sut.List());
        Assert.Empty(CreateSut().List());
    }

    [Fact]
    public void List_ForeignAndTemporaryFiles_IgnoresThem()
    {
        var sut = CreateSut();
        sut.Add(Email("real"));
        File.WriteAllText(Path.Combine(_directory.Path, ".20261125T000000-00000099-x.json.tmp"), "{");
        File.WriteAllText(Path.Combine(_directory.Path, "notes.txt"), "not a message");

        Assert.Equal("real", Assert.Single(sut.List()).Subject);
    }

    [Fact]
    public void Add_DirectoryRemovedSinceOpened_RecreatesIt()
    {
        var sut = CreateSut();
        sut.Add(Email("before reset"));
        Directory.Delete(_directory.Path, recursive: true);

        var countAfterReset = sut.Count;
        sut.Add(Email("after reset"));

        Assert.Equal(0, countAfterReset);
        Assert.Equal("after reset", Assert.Single(sut.List()).Subject);
    }

    private static NewEmail Email(string subject) => new()
    {
        From = "orders@example.com",
        To = ["jane.doe@example.org"],
        Cc = ["sales@example.com"],
        Bcc = ["audit@example.com"],
        Subject = subject,
        Text = "Hello.",
        Html = "<p>Hello.</p>",
    };

    private Outbox CreateSut() => new(_directory.Path, _clock);
}
