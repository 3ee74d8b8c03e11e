using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Market;

/// <summary>An order as the state keeps it (the truth the engine cache is rebuilt from): owner, side, kind, zone,
/// price, quantities, arrival, the escrow it holds and its place in its slot's list of resting orders.</summary>
public sealed class MarketOrder
{
    public ulong Id { get; init; }
    public SlotId Slot { get; init; }
    public Address Owner { get; init; }
    public Side Side { get; init; }
    public OrderKind Kind { get; init; }
    public ZoneId Zone { get; init; }

    /// <summary>Limit price in µWATT/kWh (all-in for a buy; a market order's protection price).</summary>
    public long Price { get; set; }

    /// <summary>Wh over the order's life: filled plus remaining (an amend changes it).</summary>
    public long Quantity { get; set; }
    public long Remaining { get; set; }
    public long Filled { get; set; }

    /// <summary>Arrival sequence within the slot (time priority; an amend that requeues takes a new one).</summary>
    public long Arrival { get; set; }

    /// <summary>µWATT reserved for the unfilled remainder (trades keep their own escrow).</summary>
    public ulong Escrow { get; set; }
    public MarketOrderStatus Status { get; set; }
    public CancelReason Reason { get; set; }

    /// <summary>Neighbours in the slot's resting list, in arrival order (0 = none).</summary>
    public ulong PrevResting { get; set; }
    public ulong NextResting { get; set; }

    /// <summary>The contract that placed the order (0 = placed by hand).</summary>
    public ulong Contract { get; init; }

    public byte[] Encode()
    {
        var w = new CanonicalWriter(160);
        w.I64(Slot.Index).Address(Owner).U8((byte)Side).U8((byte)Kind).String(Zone.Name).I64(Price).I64(Quantity).I64(Remaining).I64(Filled)
            .I64(Arrival).U64(Escrow).U8((byte)Status).U8((byte)Reason).U64(PrevResting).U64(NextResting).U64(Contract);
        return w.ToArray();
    }

    /// <summary>Decodes a stored order; a value that does not decode is a corrupt state, a bug.</summary>
    public static MarketOrder Decode(ulong id, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var order = new MarketOrder
        {
            Id = id,
            Slot = new SlotId(r.I64("slot")),
            Owner = r.Address("owner"),
            Side = (Side)r.U8("side"),
            Kind = (OrderKind)r.U8("kind"),
            Zone = new ZoneId(r.String(ZoneNames.MaxBytes, "zone")),
            Price = r.I64("price"),
            Quantity = r.I64("quantity"),
            Remaining = r.I64("remaining"),
            Filled = r.I64("filled"),
            Arrival = r.I64("arrival"),
            Escrow = r.U64("escrow"),
            Status = (MarketOrderStatus)r.U8("status"),
            Reason = (CancelReason)r.U8("reason"),
            PrevResting = r.U64("prev"),
            NextResting = r.U64("next"),
            Contract = r.U64("contract"),
        };
        r.End("market order");
        return r.Ok ? order : throw new InvalidOperationException($"corrupt market order {id}: {r.Error}");
    }
}
