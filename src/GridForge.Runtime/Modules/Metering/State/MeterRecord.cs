using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A meter in the DSO's registry: its owner, zone, kind, technology, rated power (W), status, an optional serial
/// number for people, and <see cref="Since"/>: the first slot its current owner and zone apply to (0 until it is moved; the
/// slots before belong to the owners and zones in its service history, see <see cref="MeteringModule.ServedBy"/>).</summary>
public sealed record MeterRecord(MeterId Id, Address Owner, ZoneId Zone, MeterKind Kind, MeterTechnology Technology, long RatedPowerW, MeterStatus Status,
    string Serial,
    long Since = 0)
{
    public const int MaxSerialBytes = 64;

    public bool IsActive => Status == MeterStatus.Active;

    /// <summary>True when the meter may sell energy: it measures exports.</summary>
    public bool Produces => Kind is MeterKind.Production or MeterKind.Both;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(128);
        w.Address(Owner).String(Zone.Name).U8((byte)Kind).U8((byte)Technology).I64(RatedPowerW).U8((byte)Status).String(Serial).I64(Since);
        return w.ToArray();
    }

    /// <summary>Decodes a stored record; a value that does not decode is a corrupt state, a bug.</summary>
    public static MeterRecord Decode(MeterId id, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var record = new MeterRecord(id, r.Address("owner"), new ZoneId(r.String(ZoneNames.MaxBytes, "zone")), (MeterKind)r.U8("kind"),
            (MeterTechnology)r.U8("technology"), r.I64("rated power"), (MeterStatus)r.U8("status"), r.String(MaxSerialBytes, "serial"), r.I64("since"));
        r.End("meter record");
        return r.Ok ? record : throw new InvalidOperationException($"corrupt meter record: {r.Error}");
    }
}
