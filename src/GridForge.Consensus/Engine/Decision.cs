using GridForge.Consensus.Messages;

namespace GridForge.Consensus.Engine;

/// <summary>Line 49 fired: <paramref name="Value"/> is decided at <paramref name="Height"/>, proven by the round's
/// proposal and the certificate of its precommits (what a lagging peer needs to decide it too).</summary>
public sealed record Decision(ulong Height, int Round, IConsensusValue Value, SignedProposal Proposal, CommitCertificate Certificate);
