using System.Buffers.Binary;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The subject of a dispute as the wire carries it: a trade or a trade's settlement (slot, seq), or a contract
/// period (contract, period). Canonical form: u8 kind, then i64 slot and u32 seq, or u64 contract and i64 period.</summary>
public readonly record struct DisputeSubject(DisputeSubjectKind Kind, SlotId Slot, uint Seq, ulong Contract, long Period)
{
    public static DisputeSubject Trade(SlotId slot, uint seq) => new(DisputeSubjectKind.Trade, slot, seq, 0, 0);

    public static DisputeSubject SettlementOf(SlotId slot, uint seq) => new(DisputeSubjectKind.Settlement, slot, seq, 0, 0);

    public static DisputeSubject ContractPeriod(ulong contract, long period) => new(DisputeSubjectKind.ContractPeriod, default, 0, contract, period);

    /// <summary>True for the two kinds that name a market trade.</summary>
    public bool IsTrade => Kind is DisputeSubjectKind.Trade or DisputeSubjectKind.Settlement;

    /// <summary>Names the funds the subject moves: a trade and its settlement share one (they hold the same money), so
    /// at most one dispute is open over them at a time.</summary>
    public byte[] FundsKey
    {
        get
        {
            var k = new byte[1 + 8 + 8];
            k[0] = IsTrade ? (byte)'t' : (byte)'c';
            BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(1), IsTrade ? (ulong)Slot.Index : Contract);
            BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(9), IsTrade ? Seq : (ulong)Period);
            return k;
        }
    }

    public string KindName => Kind switch
    {
        DisputeSubjectKind.Trade => "trade",
        DisputeSubjectKind.Settlement => "settlement",
        _ => "contract_period",
    };

    public void Encode(CanonicalWriter w)
    {
        w.U8((byte)Kind);
        if (IsTrade) w.I64(Slot.Index).U32(Seq);
        else w.U64(Contract).I64(Period);
    }

    public static DisputeSubject Decode(ref CanonicalReader r)
    {
        var kind = r.U8("subject kind");
        switch (kind)
        {
            case (byte)DisputeSubjectKind.Trade:
            case (byte)DisputeSubjectKind.Settlement:
                return new DisputeSubject((DisputeSubjectKind)kind, new SlotId(r.I64("slot")), r.U32("seq"), 0, 0);
            case (byte)DisputeSubjectKind.ContractPeriod:
                return ContractPeriod(r.U64("contract"), r.I64("period"));
            default:
                r.Fail($"unknown dispute subject kind {kind}");
                return default;
        }
    }

    public override string ToString() => IsTrade ? $"{KindName} {Slot.Index}:{Seq}" : $"contract {Contract} period {Period}";

    /// <summary>Reads what <see cref="ToString"/> wrote (a stored event's <c>subject</c>).</summary>
    public static DisputeSubject Parse(string text)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        switch (text.Split(' '))
        {
            case ["contract", var contract, "period", var period]:
                return ContractPeriod(ulong.Parse(contract, invariant), long.Parse(period, invariant));
            case [var kind and ("trade" or "settlement"), var at] when at.Split(':') is [var slot, var seq]:
                var (s, q) = (new SlotId(long.Parse(slot, invariant)), uint.Parse(seq, invariant));
                return kind == "trade" ? Trade(s, q) : SettlementOf(s, q);
            default:
                throw new FormatException($"not a dispute subject: {text}");
        }
    }
}
