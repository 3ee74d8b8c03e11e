using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO removes a zone that no link and no active meter uses any more.</summary>
public sealed record RemoveZoneMessage(ZoneId Zone) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(Zone.Name);

    public static IMessage Decode(ref CanonicalReader reader) => new RemoveZoneMessage(new ZoneId(reader.String(ZoneNames.MaxBytes, "zone")));
}
