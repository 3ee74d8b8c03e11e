namespace GridForge.Matching;

/// <summary>A reusable, growable buffer of the events of one command; it reallocates only when a command outgrows it.</summary>
internal sealed class EventBuffer(int capacity)
{
    private MatchEvent[] items = new MatchEvent[Math.Max(capacity, 4)];
    private int count;

    public ReadOnlySpan<MatchEvent> Items => items.AsSpan(0, count);

    public void Clear() => count = 0;

    public void Add(in MatchEvent item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[count++] = item;
    }
}
