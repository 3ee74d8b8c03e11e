using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The DSO registers a meter: its key (its id), owner, zone, kind, technology, rated power in W, the
/// registers it starts from, and an optional serial number.</summary>
public sealed record RegisterMeterMessage(MeterId Meter, Address Owner, ZoneId Zone, MeterKind Kind, MeterTechnology Technology, long RatedPowerW,
    Wh ImportRegister, Wh ExportRegister, string Serial) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Metering;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.Hash(Meter.Key).Address(Owner).String(Zone.Name).U8((byte)Kind).U8((byte)Technology).I64(RatedPowerW)
            .I64(ImportRegister.Value).I64(ExportRegister.Value).String(Serial);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var meter = new MeterId(reader.Hash("meter"));
        var owner = reader.Address("owner");
        var zone = new ZoneId(reader.String(ZoneNames.MaxBytes, "zone"));
        var kind = (MeterKind)reader.U8("kind");
        var technology = (MeterTechnology)reader.U8("technology");
        var rated = reader.I64("rated power");
        var import = reader.I64("import register");
        var export = reader.I64("export register");
        var serial = reader.String(MeterRecord.MaxSerialBytes, "serial");
        if (reader.Ok && !MeterNames.IsDefined(kind)) reader.Fail($"unknown meter kind {(byte)kind}");
        if (reader.Ok && !MeterNames.IsDefined(technology)) reader.Fail($"unknown meter technology {(byte)technology}");
        return new RegisterMeterMessage(meter, owner, zone, kind, technology, rated, new Wh(import), new Wh(export), serial);
    }
}
