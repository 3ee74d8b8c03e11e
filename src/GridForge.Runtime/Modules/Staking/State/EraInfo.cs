using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>An era: its index, its first height, and the header time its predecessor ended at (the genesis time for
/// era 0), from which its reward's share of the year is measured.</summary>
public sealed record EraInfo(ulong Index, ulong StartHeight, long StartTime)
{
    public byte[] Encode() => new CanonicalWriter(24).U64(Index).U64(StartHeight).I64(StartTime).ToArray();

    public static EraInfo Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var era = new EraInfo(r.U64("index"), r.U64("start height"), r.I64("start time"));
        r.End("era");
        return r.Ok ? era : throw new InvalidOperationException($"corrupt era record: {r.Error}");
    }
}
