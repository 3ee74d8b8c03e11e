using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Market;

/// <summary>One delivery slot's book as the state keeps it: the change counter the engine cache is checked against,
/// the grid frozen when the book opened, the price limit, the resting list (arrival order), link flows and trade count.</summary>
public sealed class SlotBook
{
    public SlotId Slot { get; init; }

    /// <summary>Moves on with every command that changes the book; an engine tagged with another value is rebuilt.</summary>
    public ulong Counter { get; set; }
    public SlotStatus Status { get; set; }
    public long PriceLimit { get; init; }

    /// <summary>The encoded <see cref="Grid.GridTopology"/> (capacities of this slot) the book trades on, frozen at opening.</summary>
    public byte[] Grid { get; set; } = [];
    public long NextArrival { get; set; }
    public ulong Head { get; set; }
    public ulong Tail { get; set; }
    public long RestingCount { get; set; }
    public uint TradeCount { get; set; }

    /// <summary>Net flow per link of <see cref="Grid"/>, in its link order, from the link's first zone to its second.</summary>
    public long[] Flows { get; set; } = [];

    public byte[] Encode()
    {
        var w = new CanonicalWriter(96 + Grid.Length + (Flows.Length * 8));
        w.I64(Slot.Index).U64(Counter).U8((byte)Status).I64(PriceLimit).Bytes(Grid).I64(NextArrival).U64(Head).U64(Tail).I64(RestingCount).U32(TradeCount);
        w.U32((uint)Flows.Length);
        foreach (var f in Flows) w.I64(f);
        return w.ToArray();
    }

    public static SlotBook Decode(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var book = new SlotBook
        {
            Slot = new SlotId(r.I64("slot")),
            Counter = r.U64("counter"),
            Status = (SlotStatus)r.U8("status"),
            PriceLimit = r.I64("price limit"),
            Grid = r.Bytes(1 << 20, "grid").ToArray(),
            NextArrival = r.I64("arrival"),
            Head = r.U64("head"),
            Tail = r.U64("tail"),
            RestingCount = r.I64("resting"),
            TradeCount = r.U32("trades"),
        };
        var n = r.U32("flow count");
        var flows = new long[r.Ok ? n : 0];
        for (var i = 0; i < flows.Length && r.Ok; i++) flows[i] = r.I64("flow");
        book.Flows = flows;
        r.End("slot book");
        return r.Ok ? book : throw new InvalidOperationException($"corrupt slot book: {r.Error}");
    }
}
