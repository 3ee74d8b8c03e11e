using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO lowers or raises a link's capacity from <see cref="From"/> to <see cref="To"/> (and back, with
/// <see cref="BothDirections"/>) for the future slots <see cref="First"/>..<see cref="Last"/>; a null
/// <see cref="Capacity"/> returns those slots to the link's normal capacity.</summary>
/// <remarks>Wire form: from, to, i64 first, i64 last, bool both, bool reset, i64 capacity (0 when reset).</remarks>
public sealed record SetCapacityMessage(ZoneId From, ZoneId To, SlotId First, SlotId Last, Wh? Capacity, bool BothDirections) : IMessage
{
    public const ushort TypeId = 6;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.String(From.Name).String(To.Name).I64(First.Index).I64(Last.Index).Bool(BothDirections).Bool(Capacity is null).I64(Capacity?.Value ?? 0);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var from = new ZoneId(reader.String(ZoneNames.MaxBytes, "from"));
        var to = new ZoneId(reader.String(ZoneNames.MaxBytes, "to"));
        var first = reader.I64("first slot");
        var last = reader.I64("last slot");
        var both = reader.Bool("both directions");
        var reset = reader.Bool("reset");
        var capacity = reader.I64("capacity");
        // One encoding per message: a reset carries capacity 0.
        if (reader.Ok && reset && capacity != 0) reader.Fail("a reset carries capacity 0");
        return new SetCapacityMessage(from, to, new SlotId(first), new SlotId(last), reset ? null : new Wh(capacity), both);
    }
}
