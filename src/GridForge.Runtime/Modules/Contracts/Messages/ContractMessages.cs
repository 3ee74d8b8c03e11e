using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>Creates a contract from a template. A residential rule is active at once; a PPA or a flexibility contract is
/// proposed to <paramref name="Counterparty"/>, who accepts it before its first slot. It acts from slot <paramref name="Start"/>
/// to <paramref name="End"/> (inclusive); a party may end it early with <paramref name="NoticeSlots"/> slots' notice, paying
/// the other <paramref name="TerminationFee"/> µWATT.</summary>
/// <remarks>Payload: u8 template, address counterparty (zero for residential), i64 start, i64 end, u32 notice, u64 fee, then
/// the template's terms (see <see cref="ContractTerms"/>).</remarks>
public sealed record CreateContractMessage(
    ContractTemplate Template, Address Counterparty, SlotId Start, SlotId End, uint NoticeSlots, Amount TerminationFee, ContractTerms Terms) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Contracts;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
        writer.U8((byte)Template).Address(Counterparty).I64(Start.Index).I64(End.Index).U32(NoticeSlots).U64(TerminationFee.Micro);
        Terms.Encode(writer);
    }

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var template = (ContractTemplate)reader.U8("template");
        var counterparty = reader.Address("counterparty");
        var start = reader.I64("start");
        var end = reader.I64("end");
        var notice = reader.U32("notice_slots");
        var fee = reader.U64("termination_fee");
        var terms = reader.Ok ? ContractTerms.Decode(template, ref reader) : new FlexibilityTerms(default, default, PricePerKwh.Zero, Wh.Zero, 0);
        return new CreateContractMessage(template, counterparty, new SlotId(start), new SlotId(end), notice, new Amount(fee), terms);
    }
}

/// <summary>The counterparty accepts a proposed contract.</summary>
/// <remarks>Payload: u64 contract.</remarks>
public sealed record AcceptContractMessage(ulong Contract) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Contracts;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Contract);

    public static IMessage Decode(ref CanonicalReader reader) => new AcceptContractMessage(reader.U64("contract"));
}

/// <summary>A party ends a contract per its terms: a proposal is withdrawn or declined at once; an active contract runs
/// on for its notice and the terminating party pays the termination fee.</summary>
/// <remarks>Payload: u64 contract.</remarks>
public sealed record TerminateContractMessage(ulong Contract) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Contracts;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Contract);

    public static IMessage Decode(ref CanonicalReader reader) => new TerminateContractMessage(reader.U64("contract"));
}

/// <summary>A residential rule's owner tells it what to expect in a future slot: export and import in Wh (otherwise it uses
/// the meters' readings of the same slot a day earlier).</summary>
/// <remarks>Payload: u64 contract, i64 slot, i64 export, i64 import.</remarks>
public sealed record SetForecastMessage(ulong Contract, SlotId Slot, Wh ExportWh, Wh ImportWh) : IMessage
{
    public const ushort TypeId = 4;

    public byte Module => ModuleIds.Contracts;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Contract).I64(Slot.Index).I64(ExportWh.Value).I64(ImportWh.Value);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new SetForecastMessage(reader.U64("contract"), new SlotId(reader.I64("slot")), new Wh(reader.I64("export")), new Wh(reader.I64("import")));
}

/// <summary>The DSO declares slots <paramref name="From"/> to <paramref name="To"/> (inclusive) congested in a zone: the
/// flexibility contracts there act in those slots.</summary>
/// <remarks>Payload: string zone, i64 from, i64 to.</remarks>
public sealed record DeclareCongestionMessage(ZoneId Zone, SlotId From, SlotId To) : IMessage
{
    public const ushort TypeId = 5;

    public byte Module => ModuleIds.Contracts;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(Zone.Name).I64(From.Index).I64(To.Index);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new DeclareCongestionMessage(new ZoneId(reader.String(ZoneNames.MaxBytes, "zone")), new SlotId(reader.I64("from")), new SlotId(reader.I64("to")));
}
