namespace GridForge.Matching;

/// <summary>Pools of order nodes and price levels with free lists, so that steady-state matching allocates nothing.</summary>
internal sealed class OrderStore
{
    // Free lists are threaded through Next (nodes) and Head (levels); -1 ends them.
    private int freeNode = -1;
    private int freeLevel = -1;
    private int usedNodes;
    private int usedLevels;

    public OrderStore(int nodeCapacity, int levelCapacity)
    {
        Nodes = new OrderNode[Math.Max(nodeCapacity, 16)];
        Levels = new PriceLevel[Math.Max(levelCapacity, 16)];
    }

    public OrderNode[] Nodes { get; private set; }

    public PriceLevel[] Levels { get; private set; }

    public int LiveNodes { get; private set; }

    public int AllocNode()
    {
        LiveNodes++;
        if (freeNode >= 0)
        {
            var node = freeNode;
            freeNode = Nodes[node].Next;
            return node;
        }

        if (usedNodes == Nodes.Length)
        {
            var grown = Nodes;
            Array.Resize(ref grown, Nodes.Length * 2);
            Nodes = grown;
        }

        return usedNodes++;
    }

    public void FreeNode(int node)
    {
        LiveNodes--;
        Nodes[node] = default;
        Nodes[node].Next = freeNode;
        freeNode = node;
    }

    public int AllocLevel(long price)
    {
        int level;
        if (freeLevel >= 0)
        {
            level = freeLevel;
            freeLevel = Levels[level].Head;
        }
        else
        {
            if (usedLevels == Levels.Length)
            {
                var grown = Levels;
                Array.Resize(ref grown, Levels.Length * 2);
                Levels = grown;
            }

            level = usedLevels++;
        }

        Levels[level] = new PriceLevel { Price = price, Head = -1, Tail = -1, Count = 0 };
        return level;
    }

    public void FreeLevel(int level)
    {
        Levels[level].Head = freeLevel;
        freeLevel = level;
    }

    public void Clear()
    {
        Array.Clear(Nodes, 0, usedNodes);
        Array.Clear(Levels, 0, usedLevels);
        freeNode = -1;
        freeLevel = -1;
        usedNodes = 0;
        usedLevels = 0;
        LiveNodes = 0;
    }
}
