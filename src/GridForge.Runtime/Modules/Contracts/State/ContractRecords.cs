using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>What a PPA did in one slot: the scheduled volume and where it went — not offered by the seller (no meter room, or
/// a debt), curtailed by the grid (no link room), not taken by the buyer (funds), and traded (the pre-arranged trade's
/// sequence number in the slot).</summary>
internal sealed record PpaSlotRecord(long Scheduled, long NotOffered, long Curtailed, long NotTaken, long Traded, uint TradeSeq)
{
    public byte[] Encode() => new CanonicalWriter(48).I64(Scheduled).I64(NotOffered).I64(Curtailed).I64(NotTaken).I64(Traded).U32(TradeSeq).ToArray();

    public static PpaSlotRecord Decode(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var s = new PpaSlotRecord(r.I64(), r.I64(), r.I64(), r.I64(), r.I64(), r.U32());
        r.End("ppa slot");
        return r.Ok ? s : throw new InvalidOperationException($"corrupt ppa slot record: {r.Error}");
    }
}

/// <summary>One settlement period of a PPA: the sums of its slots, then (once every trade of the period settled) what was
/// delivered and paid through market settlement, the take-or-pay and penalty terms, and their netted payment. Net is
/// take-or-pay minus penalty (positive: the buyer pays the seller; negative: the seller pays the buyer). Money over a period
/// is summed and computed exactly in 128 bits (a month of the largest slots the terms allow does not fit 64), and bounded
/// only where it moves: Paid is what of |Net| moved (the payer's free WATT bounds it), Unpaid the rest, which became the
/// payer's debt to the payee (DebtAdded: what the debt grew by; a debt saturates at 2^64 − 1 µWATT, see
/// <see cref="Settlement.Debts"/>).</summary>
public sealed record PpaPeriod(
    long Period, long FirstSlot, long LastSlot, long Scheduled, long NotOffered, long Curtailed, long NotTaken, long Traded,
    bool Settled = false, long Delivered = 0, Int128 BuyerPaid = default, Int128 SellerReceived = default, Int128 TakeOrPay = default,
    Int128 Penalty = default, Int128 Net = default, ulong Paid = 0, UInt128 Unpaid = default, ulong DebtAdded = 0)
{
    /// <summary>Wh the seller owes the penalty on: scheduled volume it did not offer plus traded volume it did not deliver.</summary>
    public long ShortfallWh => checked(NotOffered + Traded - Delivered);

    /// <summary>What the buyer paid over the period in all: its slots' energy and fees plus the netted terms.</summary>
    public Int128 BuyerTotal => BuyerPaid + Net;

    public byte[] Encode() => new CanonicalWriter(220).I64(Period).I64(FirstSlot).I64(LastSlot).I64(Scheduled).I64(NotOffered).I64(Curtailed)
        .I64(NotTaken).I64(Traded).Bool(Settled).I64(Delivered).I128(BuyerPaid).I128(SellerReceived).I128(TakeOrPay).I128(Penalty).I128(Net).U64(Paid)
        .U128(Unpaid).U64(DebtAdded).ToArray();

    public static PpaPeriod Decode(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var p = new PpaPeriod(r.I64(), r.I64(), r.I64(), r.I64(), r.I64(), r.I64(), r.I64(), r.I64(), r.Bool(), r.I64(), r.I128(), r.I128(), r.I128(),
            r.I128(), r.I128(), r.U64(), r.U128(), r.U64());
        r.End("ppa period");
        return r.Ok ? p : throw new InvalidOperationException($"corrupt ppa period: {r.Error}");
    }
}

/// <summary>A flexibility contract in one congested slot: the DSO's escrow for the most it can owe, then the verification
/// against metering (baseline, metered value, reduction, payment).</summary>
public sealed record FlexSlotRecord(ulong Escrow, bool Verified = false, long Baseline = 0, long Metered = 0, long Reduction = 0, ulong Paid = 0)
{
    public byte[] Encode() => new CanonicalWriter(48).U64(Escrow).Bool(Verified).I64(Baseline).I64(Metered).I64(Reduction).U64(Paid).ToArray();

    public static FlexSlotRecord Decode(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var f = new FlexSlotRecord(r.U64(), r.Bool(), r.I64(), r.I64(), r.I64(), r.U64());
        r.End("flex slot");
        return r.Ok ? f : throw new InvalidOperationException($"corrupt flexibility slot record: {r.Error}");
    }
}
