using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>What backs an elected validator for one era, fixed at its election: its own stake, its nominators'
/// stakes (in address order) and its commission in parts per billion. Rewards are split and slashes taken by it.</summary>
public sealed record Exposure(ulong Total, ulong Own, uint CommissionPpb, IReadOnlyList<IndividualExposure> Others)
{
    public byte[] Encode()
    {
        var w = new CanonicalWriter(24 + (Others.Count * 40));
        w.U64(Total).U64(Own).U32(CommissionPpb).U32((uint)Others.Count);
        foreach (var o in Others) w.Address(o.Nominator).U64(o.Value);
        return w.ToArray();
    }

    public static Exposure Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var total = r.U64("total");
        var own = r.U64("own");
        var commission = r.U32("commission");
        var count = r.U32("others");
        var others = new List<IndividualExposure>((int)Math.Min(count, 100_000));
        for (var i = 0; i < count && r.Ok; i++) others.Add(new IndividualExposure(r.Address("nominator"), r.U64("value")));
        r.End("exposure");
        return r.Ok ? new Exposure(total, own, commission, others) : throw new InvalidOperationException($"corrupt exposure: {r.Error}");
    }
}
