using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A closed stretch of a meter's service: from slot <see cref="From"/> up to (not including) <see cref="To"/> it measured
/// for <see cref="Owner"/> in <see cref="Zone"/>. Written when the DSO moves or retires the meter, so the readings of those slots
/// still count for that owner and zone whenever they settle.</summary>
internal readonly record struct ServicePeriod(Address Owner, ZoneId Zone, long From, long To)
{
    public bool Covers(SlotId slot) => slot.Index >= From && slot.Index < To;

    internal static IReadOnlyList<ServicePeriod> DecodeList(byte[]? raw)
    {
        if (raw is null) return [];
        var r = new CanonicalReader(raw);
        var n = r.U32("periods");
        var list = new List<ServicePeriod>();
        for (var i = 0; i < n && r.Ok; i++) list.Add(
            new ServicePeriod(r.Address("owner"), new ZoneId(r.String(ZoneNames.MaxBytes, "zone")), r.I64("from"), r.I64("to")));
        r.End("service periods");
        return r.Ok ? list : throw new InvalidOperationException($"corrupt service history: {r.Error}");
    }

    internal static byte[] EncodeList(IReadOnlyList<ServicePeriod> periods)
    {
        var w = new CanonicalWriter(4 + (periods.Count * 64));
        w.U32((uint)periods.Count);
        foreach (var p in periods) w.Address(p.Owner).String(p.Zone.Name).I64(p.From).I64(p.To);
        return w.ToArray();
    }
}
