using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The chain-wide WATT counters. Invariant after every block: WATT supply = <see cref="Minted"/> −
/// <see cref="Burned"/>, where genesis WATT counts as minted (<see cref="GenesisMinted"/>); the part of it no
/// issuer owes is <see cref="UnattributedGenesis"/>.</summary>
public sealed record StablecoinTotals(ulong Minted, ulong Burned, ulong GenesisMinted, ulong UnattributedGenesis, ulong NextRedemptionId)
{
    public static readonly StablecoinTotals Empty = new(0, 0, 0, 0, 1);

    /// <summary>Minted minus burned: what the WATT supply must be.</summary>
    public ulong Expected => checked(Minted - Burned);

    public byte[] Encode() => new CanonicalWriter(48).U64(Minted).U64(Burned).U64(GenesisMinted).U64(UnattributedGenesis).U64(NextRedemptionId).ToArray();

    public static StablecoinTotals Decode(byte[]? raw)
    {
        if (raw is null) return Empty;
        var r = new CanonicalReader(raw);
        var totals = new StablecoinTotals(r.U64(), r.U64(), r.U64(), r.U64(), r.U64());
        r.End("stablecoin totals");
        return r.Ok ? totals : throw new InvalidOperationException($"corrupt stablecoin totals: {r.Error}");
    }
}
