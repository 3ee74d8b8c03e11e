using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>A platform-access bond: GRID reserved so that an account may act for others in a role; once released it
/// stays reserved until era <see cref="UnlockEra"/> (null while it is in force).</summary>
public sealed record AccessBond(ulong Amount, ulong? UnlockEra)
{
    public byte[] Encode() => new CanonicalWriter(17).U64(Amount).Bool(UnlockEra.HasValue).U64(UnlockEra ?? 0).ToArray();

    public static AccessBond Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var amount = r.U64("amount");
        var releasing = r.Bool("releasing");
        var era = r.U64("unlock era");
        r.End("access bond");
        return r.Ok ? new AccessBond(amount, releasing ? era : null) : throw new InvalidOperationException($"corrupt access bond: {r.Error}");
    }
}
