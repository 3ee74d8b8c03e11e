namespace GridForge.Matching;

/// <summary>One side of one zone's book: price levels kept sorted by key with the best level last.</summary>
/// <remarks>
/// The key is the price for bids and minus the price for asks, so the best level of either side is the
/// largest key, and taking it out (the common case) shifts nothing.
/// </remarks>
internal sealed class BookSide
{
    private readonly OrderStore store;
    private readonly bool bids;
    private long[] keys;
    private int[] levelIds;
    private int count;

    public BookSide(OrderStore store, bool bids, int levelCapacity)
    {
        this.store = store;
        this.bids = bids;
        keys = new long[Math.Max(levelCapacity, 4)];
        levelIds = new int[keys.Length];
    }

    public int LevelCount => count;

    /// <summary>The node at the head of the best level, or -1 when the side is empty.</summary>
    public int BestNode => count == 0 ? -1 : store.Levels[levelIds[count - 1]].Head;

    /// <summary>The level id at a rank, 0 being the best.</summary>
    public int LevelAt(int rank) => levelIds[count - 1 - rank];

    public void Append(int node)
    {
        ref var order = ref store.Nodes[node];
        var key = bids ? order.Price : -order.Price;
        int level;
        var pos = count > 0 && keys[count - 1] == key ? count - 1 : Search(key);
        if (pos >= 0)
        {
            level = levelIds[pos];
        }
        else
        {
            pos = ~pos;
            level = store.AllocLevel(order.Price);
            if (count == keys.Length)
            {
                Array.Resize(ref keys, keys.Length * 2);
                Array.Resize(ref levelIds, levelIds.Length * 2);
            }

            Array.Copy(keys, pos, keys, pos + 1, count - pos);
            Array.Copy(levelIds, pos, levelIds, pos + 1, count - pos);
            keys[pos] = key;
            levelIds[pos] = level;
            count++;
        }

        ref var lvl = ref store.Levels[level];
        order.Level = level;
        order.Prev = lvl.Tail;
        order.Next = -1;
        if (lvl.Tail >= 0)
        {
            store.Nodes[lvl.Tail].Next = node;
        }
        else
        {
            lvl.Head = node;
        }

        lvl.Tail = node;
        lvl.Count++;
    }

    /// <summary>Unlinks a node from its level and drops the level when it empties; the node itself is not freed.</summary>
    public void Remove(int node)
    {
        var nodes = store.Nodes;
        ref var order = ref nodes[node];
        var level = order.Level;
        ref var lvl = ref store.Levels[level];
        if (order.Prev >= 0)
        {
            nodes[order.Prev].Next = order.Next;
        }
        else
        {
            lvl.Head = order.Next;
        }

        if (order.Next >= 0)
        {
            nodes[order.Next].Prev = order.Prev;
        }
        else
        {
            lvl.Tail = order.Prev;
        }

        order.Prev = order.Next = -1;
        if (--lvl.Count > 0)
        {
            return;
        }

        var key = bids ? lvl.Price : -lvl.Price;
        var pos = keys[count - 1] == key ? count - 1 : Search(key);
        Array.Copy(keys, pos + 1, keys, pos, count - pos - 1);
        Array.Copy(levelIds, pos + 1, levelIds, pos, count - pos - 1);
        count--;
        store.FreeLevel(level);
    }

    public void Clear() => count = 0;

    /// <summary>Checks that keys strictly ascend and that every level's queue is consistent.</summary>
    public void AssertInvariants(int zone)
    {
        for (var i = 0; i < count; i++)
        {
            ref var lvl = ref store.Levels[levelIds[i]];
            Check(keys[i] == (bids ? lvl.Price : -lvl.Price), "level key matches its price");
            Check(i == 0 || keys[i - 1] < keys[i], "level keys strictly ascend");
            Check(lvl.Count > 0 && lvl.Head >= 0, "no empty level is kept");
            var seen = 0;
            var prev = -1;
            long lastArrival = long.MinValue;
            for (var n = lvl.Head; n >= 0; n = store.Nodes[n].Next)
            {
                ref var order = ref store.Nodes[n];
                Check(order.Prev == prev && order.Level == levelIds[i], "queue links are consistent");
                Check(order.Price == lvl.Price && order.Zone == zone && order.Side == (bids ? Side.Buy : Side.Sell), "order sits in its own level");
                Check(order.Remaining > 0, "a resting order has a positive remainder");
                Check(order.Arrival > lastArrival, "a level's queue is in arrival order");
                lastArrival = order.Arrival;
                prev = n;
                seen++;
            }

            Check(prev == lvl.Tail && seen == lvl.Count, "level tail and count are consistent");
        }
    }

    private static void Check(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Book invariant broken: " + invariant + ".");
        }
    }

    private int Search(long key)
    {
        int lo = 0, hi = count - 1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var k = keys[mid];
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
