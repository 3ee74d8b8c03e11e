using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO adds a zone (a feeder or substation area) to the grid.</summary>
public sealed record AddZoneMessage(ZoneId Zone) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(Zone.Name);

    public static IMessage Decode(ref CanonicalReader reader) => new AddZoneMessage(new ZoneId(reader.String(ZoneNames.MaxBytes, "zone")));
}
