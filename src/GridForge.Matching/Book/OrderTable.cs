namespace GridForge.Matching;

/// <summary>An open-addressing map from order id to <see cref="OrderRecord"/> (ids are never removed within a slot).</summary>
/// <remarks>Lookups only; the table is never iterated, so its layout cannot leak into results.</remarks>
internal sealed class OrderTable
{
    private OrderRecord[] slots;
    private int shift;

    public OrderTable(int expectedOrders)
    {
        var capacity = 16;
        while (capacity < expectedOrders * 2L)
        {
            capacity *= 2;
        }

        slots = new OrderRecord[capacity];
        shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
    }

    public int Count { get; private set; }

    public ref OrderRecord this[int slot] => ref slots[slot];

    /// <summary>Grows the table if one more id would push the load above one half, so that a probed slot stays valid.</summary>
    public void EnsureRoomForOne()
    {
        if ((Count + 1) * 2L > slots.Length)
        {
            Grow();
        }
    }

    /// <summary>The slot holding <paramref name="id"/>, or the empty slot where it would go.</summary>
    public int Probe(long id)
    {
        var mask = slots.Length - 1;
        var slot = Hash(id);
        while (slots[slot].Status != OrderStatus.Unknown && slots[slot].Id != id)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    /// <summary>The slot holding <paramref name="id"/>, or -1.</summary>
    public int Find(long id)
    {
        var slot = Probe(id);
        return slots[slot].Status == OrderStatus.Unknown ? -1 : slot;
    }

    /// <summary>Claims the empty slot returned by <see cref="Probe"/> for a newly accepted order.</summary>
    public void Claim(int slot, long id)
    {
        slots[slot] = new OrderRecord { Id = id, Node = -1, Status = OrderStatus.Resting };
        Count++;
    }

    public void Clear()
    {
        Array.Clear(slots);
        Count = 0;
    }

    private int Hash(long id) => (int)(unchecked((ulong)id * 0x9E3779B97F4A7C15UL) >> shift);

    private void Grow()
    {
        var old = slots;
        slots = new OrderRecord[old.Length * 2];
        shift--;
        foreach (ref readonly var record in old.AsSpan())
        {
            if (record.Status != OrderStatus.Unknown)
            {
                slots[Probe(record.Id)] = record;
            }
        }
    }
}
