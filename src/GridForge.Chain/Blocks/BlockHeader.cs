using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Chain.Blocks;

/// <summary>A block header (DESIGN §5, plus the evidence root so that the hash commits to the whole body). Its hash, over
/// the canonical encoding, identifies the block and is what validators vote for.</summary>
public sealed record BlockHeader(
    string ChainId,
    ulong Height,
    long Time,
    Hash32 PreviousHash,
    Hash32 TransactionsRoot,
    Hash32 StateRoot,
    Address Proposer,
    Hash32 ValidatorSetHash,
    Hash32 LastCommitHash,
    Hash32 EvidenceHash)
{
    public const string HashDomain = "gridforge block";

    public void Encode(CanonicalWriter w) =>
        w.String(ChainId).U64(Height).I64(Time).Hash(PreviousHash).Hash(TransactionsRoot).Hash(StateRoot)
            .Address(Proposer).Hash(ValidatorSetHash).Hash(LastCommitHash).Hash(EvidenceHash);

    public byte[] Encode()
    {
        var w = new CanonicalWriter(320);
        Encode(w);
        return w.ToArray();
    }

    public static BlockHeader Decode(ref CanonicalReader r) =>
        new(r.String(64, "chain id"), r.U64("height"), r.I64("time"), r.Hash("previous hash"), r.Hash("transactions root"),
            r.Hash("state root"), r.Address("proposer"), r.Hash("validator set hash"), r.Hash("last commit hash"), r.Hash("evidence hash"));

    public Hash32 Hash() => Hashing.Domain(HashDomain, Encode());
}
