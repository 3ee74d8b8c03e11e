using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>A validator's declared intent: the commission it keeps from its era rewards before the rest is shared
/// with its nominators, in parts per billion (1,000,000,000 = 100%).</summary>
public sealed record ValidatorPrefs(uint CommissionPpb)
{
    public const uint Billion = 1_000_000_000;

    public byte[] Encode() => new CanonicalWriter(4).U32(CommissionPpb).ToArray();

    public static ValidatorPrefs Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var prefs = new ValidatorPrefs(r.U32("commission"));
        r.End("validator prefs");
        return r.Ok ? prefs : throw new InvalidOperationException($"corrupt validator prefs: {r.Error}");
    }
}
