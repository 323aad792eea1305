namespace Platform.Local.EventBus.Internal;

/// <summary>A bounded log of the latest events, oldest dropped first.</summary>
internal sealed class RecentEvents(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<MatchedEvent> _events = new();

    public void Add(MatchedEvent matched)
    {
        lock (_lock)
        {
            _events.Enqueue(matched);
            while (_events.Count > capacity)
            {
                _events.Dequeue();
            }
        }
    }

    public IReadOnlyList<MatchedEvent> Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }
}
