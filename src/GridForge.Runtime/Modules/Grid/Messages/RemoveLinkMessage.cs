using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO removes the link joining two zones (named in either order), with its capacity overrides.</summary>
public sealed record RemoveLinkMessage(ZoneId From, ZoneId To) : IMessage
{
    public const ushort TypeId = 4;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(From.Name).String(To.Name);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new RemoveLinkMessage(new ZoneId(reader.String(ZoneNames.MaxBytes, "from")), new ZoneId(reader.String(ZoneNames.MaxBytes, "to")));
}
