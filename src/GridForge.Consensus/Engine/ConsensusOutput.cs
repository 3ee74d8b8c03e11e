using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;

namespace GridForge.Consensus.Engine;

/// <summary>What the core asks its host to do after an input. The host carries them out in order.</summary>
public abstract record ConsensusOutput;

/// <summary>Send a signed proposal and its value to every peer (the core has already counted it for itself).</summary>
public sealed record BroadcastProposal(SignedProposal Proposal, IConsensusValue Value) : ConsensusOutput;

/// <summary>Send a signed vote to every peer (the core has already counted it for itself).</summary>
public sealed record BroadcastVote(SignedVote Vote) : ConsensusOutput;

/// <summary>Call <see cref="ConsensusCore.OnTimeout"/> with <paramref name="Timeout"/> after <paramref name="DelayMs"/>.</summary>
public sealed record ScheduleTimeout(RoundTimeout Timeout, long DelayMs) : ConsensusOutput;

/// <summary>getValue(): this validator proposes; answer with <see cref="ConsensusCore.OnValueToPropose"/>.</summary>
public sealed record RequestValue(ulong Height, int Round) : ConsensusOutput;

/// <summary>valid(v)?: answer with <see cref="ConsensusCore.OnValidity"/> (asked once per value id and height).</summary>
public sealed record RequestValidity(ulong Height, IConsensusValue Value) : ConsensusOutput;

/// <summary>A decision: apply the value, then start the next height with <see cref="ConsensusCore.StartHeight"/>.</summary>
public sealed record Decided(Decision Decision) : ConsensusOutput;

/// <summary>Two conflicting signed votes of one validator were received: keep them for a block.</summary>
public sealed record EvidenceDetected(DuplicateVoteEvidence Evidence) : ConsensusOutput;
