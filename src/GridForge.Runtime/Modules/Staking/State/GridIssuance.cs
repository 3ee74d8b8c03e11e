using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The account of every change to GRID supply since genesis. Invariant:
/// supply = <see cref="Genesis"/> + <see cref="Rewards"/> − <see cref="Slashed"/> − <see cref="Forfeited"/>.</summary>
/// <param name="Genesis">GRID minted at genesis.</param>
/// <param name="Rewards">Minted as staking rewards.</param>
/// <param name="Slashed">Burned from stakers for proven misbehaviour.</param>
/// <param name="Forfeited">Burned governance deposits of proposals that missed quorum (a slash of the proposer's deposit).</param>
public sealed record GridIssuance(ulong Genesis, ulong Rewards, ulong Slashed, ulong Forfeited)
{
    /// <summary>What the GRID supply must be.</summary>
    public ulong ExpectedSupply => checked(Genesis + Rewards - Slashed - Forfeited);

    public byte[] Encode() => new CanonicalWriter(32).U64(Genesis).U64(Rewards).U64(Slashed).U64(Forfeited).ToArray();

    public static GridIssuance Decode(byte[]? raw)
    {
        if (raw is null) return new GridIssuance(0, 0, 0, 0);
        var r = new CanonicalReader(raw);
        var issuance = new GridIssuance(r.U64("genesis"), r.U64("rewards"), r.U64("slashed"), r.U64("forfeited"));
        r.End("grid issuance");
        return r.Ok ? issuance : throw new InvalidOperationException($"corrupt GRID issuance record: {r.Error}");
    }
}
