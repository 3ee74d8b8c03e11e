using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>The simulated application's block: height, parent, proposer, the evidence it carries, a salt (a Byzantine
/// proposer makes twins of a block with it) and a poison mark (a block the application refuses, as a Byzantine
/// proposer might send). Its id is the hash of all of that.</summary>
public sealed class SimBlock : IConsensusValue
{
    public SimBlock(ulong height, Hash32 parent, Address proposer, int round, uint salt, bool poison, IReadOnlyList<DuplicateVoteEvidence> evidence)
    {
        Height = height;
        Parent = parent;
        Proposer = proposer;
        Round = round;
        Salt = salt;
        Poison = poison;
        Evidence = evidence;
        var w = new CanonicalWriter(128);
        w.U64(height).Hash(parent).Address(proposer).U32((uint)round).U32(salt).Bool(poison).U32((uint)evidence.Count);
        foreach (var e in evidence) e.Encode(w);
        Id = Hashing.Domain("gridforge sim block", w.WrittenSpan);
    }

    public static readonly Hash32 GenesisId = Hashing.Domain("gridforge sim genesis", []);

    public Hash32 Id { get; }

    public ulong Height { get; }

    public Hash32 Parent { get; }

    public Address Proposer { get; }

    public int Round { get; }

    public uint Salt { get; }

    public bool Poison { get; }

    public IReadOnlyList<DuplicateVoteEvidence> Evidence { get; }

    public override string ToString() => $"block h{Height} {Id.ToString()[..10]}{(Poison ? " poison" : "")}{(Evidence.Count > 0 ? $" +{Evidence.Count} " +
        $"evidence" : "")}";
}
