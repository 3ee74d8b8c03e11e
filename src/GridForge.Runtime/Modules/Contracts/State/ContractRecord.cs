using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>A contract as the state keeps it: template, parties, term, termination terms, the template's terms, its status
/// and its two cursors (the next slot to act in, the next period or slot to settle).</summary>
public sealed class ContractRecord
{
    public ulong Id { get; init; }
    public ContractTemplate Template { get; init; }

    /// <summary>The account that created it (a residential rule's owner).</summary>
    public Address Creator { get; init; }

    /// <summary>The other party (<see cref="Address.None"/> for a residential rule).</summary>
    public Address Counterparty { get; init; }
    public SlotId Start { get; init; }
    public SlotId End { get; init; }
    public uint NoticeSlots { get; init; }
    public ulong TerminationFee { get; init; }
    public required byte[] Terms { get; init; }
    public ContractStatus Status { get; set; }

    /// <summary>The last slot it acts in after a termination (0 = not terminated).</summary>
    public long TerminationEnd { get; set; }

    /// <summary>Who terminated it (<see cref="Address.None"/> = nobody).</summary>
    public Address TerminatedBy { get; set; }

    /// <summary>The next slot it acts in.</summary>
    public long NextSlot { get; set; }

    /// <summary>The next settlement period (PPA) or slot to verify (flexibility).</summary>
    public long NextSettle { get; set; }

    /// <summary>Entries in its history.</summary>
    public uint HistoryCount { get; set; }
    public long CreatedAt { get; init; }

    public ContractTerms DecodeTerms() => ContractTerms.FromBytes(Template, Terms);

    /// <summary>The last slot it acts in: its end, or earlier after a termination.</summary>
    public long LastSlot => TerminationEnd != 0 ? Math.Min(End.Index, TerminationEnd) : End.Index;

    public bool IsParty(Address account) => account == Creator || (Counterparty != Address.None && account == Counterparty);

    /// <summary>The party that is not <paramref name="account"/> (none for a residential rule).</summary>
    public Address Other(Address account) => account == Creator ? Counterparty : Creator;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(96 + Terms.Length);
        w.U8((byte)Template).Address(Creator).Address(Counterparty).I64(Start.Index).I64(End.Index).U32(NoticeSlots).U64(TerminationFee)
            .Bytes(Terms).U8((byte)Status).I64(TerminationEnd).Address(TerminatedBy).I64(NextSlot).I64(NextSettle).U32(HistoryCount).I64(CreatedAt);
        return w.ToArray();
    }

    public static ContractRecord Decode(ulong id, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var c = new ContractRecord
        {
            Id = id,
            Template = (ContractTemplate)r.U8("template"),
            Creator = r.Address("creator"),
            Counterparty = r.Address("counterparty"),
            Start = new SlotId(r.I64("start")),
            End = new SlotId(r.I64("end")),
            NoticeSlots = r.U32("notice"),
            TerminationFee = r.U64("fee"),
            Terms = r.Bytes(1 << 16, "terms").ToArray(),
            Status = (ContractStatus)r.U8("status"),
            TerminationEnd = r.I64("termination end"),
            TerminatedBy = r.Address("terminated by"),
            NextSlot = r.I64("next slot"),
            NextSettle = r.I64("next settle"),
            HistoryCount = r.U32("history"),
            CreatedAt = r.I64("created"),
        };
        r.End("contract");
        return r.Ok ? c : throw new InvalidOperationException($"corrupt contract {id}: {r.Error}");
    }
}
