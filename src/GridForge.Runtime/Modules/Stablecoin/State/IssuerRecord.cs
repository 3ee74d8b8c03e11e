using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>An issuer's standing: who attests its reserves, whether it may mint, what it issued and
/// redeemed, and its latest reserve attestation. A mint never takes <see cref="Outstanding"/> above <see cref="Reserves"/>;
/// an attestation may show reserves below it (a <see cref="Shortfall"/>), and then the issuer mints nothing until a newer
/// attestation covers what it owes.</summary>
public sealed record IssuerRecord(
    Address Attestor,
    bool Active,
    ulong GenesisOutstanding,
    ulong Minted,
    ulong Redeemed,
    ulong Reserves,
    long ReservesAsOf,
    ulong AttestedAtHeight)
{
    /// <summary>WATT this issuer owes holders: genesis share plus minted minus redeemed.</summary>
    public ulong Outstanding => checked(GenesisOutstanding + Minted - Redeemed);

    /// <summary>How much more the issuer may mint before it reaches its attested reserves (0 in a shortfall).</summary>
    public ulong Headroom => Reserves > Outstanding ? Reserves - Outstanding : 0;

    /// <summary>How much of what it owes its latest attestation does not cover (0 when covered).</summary>
    public ulong Shortfall => Outstanding > Reserves ? Outstanding - Reserves : 0;

    public byte[] Encode() => new CanonicalWriter(96)
        .Address(Attestor).Bool(Active).U64(GenesisOutstanding).U64(Minted).U64(Redeemed).U64(Reserves).I64(ReservesAsOf).U64(AttestedAtHeight)
        .ToArray();

    public static IssuerRecord Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var record = new IssuerRecord(r.Address(), r.Bool(), r.U64(), r.U64(), r.U64(), r.U64(), r.I64(), r.U64());
        r.End("issuer record");
        return r.Ok ? record : throw new InvalidOperationException($"corrupt issuer record: {r.Error}");
    }
}
