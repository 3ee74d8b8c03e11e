using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The DSO gives an active meter a new owner and/or zone; its readings from then on count for the new owner.</summary>
public sealed record MoveMeterMessage(MeterId Meter, Address Owner, ZoneId Zone) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Metering;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Hash(Meter.Key).Address(Owner).String(Zone.Name);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new MoveMeterMessage(new MeterId(reader.Hash("meter")), reader.Address("owner"), new ZoneId(reader.String(ZoneNames.MaxBytes, "zone")));
}
