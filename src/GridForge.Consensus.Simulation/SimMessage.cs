using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>What simulated processes send each other: consensus messages, a decided height's proof for a peer that is
/// behind, a status (a process's height, so peers notice it is behind) and evidence.</summary>
public abstract record SimMessage
{
    /// <summary>Identifies the message for gossip: a sender resends what a peer has not received yet.</summary>
    public abstract MessageKey Key { get; }
}

public sealed record ProposalMessage(SignedProposal Proposal, SimBlock Block) : SimMessage
{
    public override MessageKey Key => new(1, Proposal.Proposal.Height, Proposal.Proposal.Round, 0, Proposal.Proposer, Proposal.Proposal.ValueId);
}

public sealed record VoteMessage(SignedVote Vote) : SimMessage
{
    public override MessageKey Key => new(2, Vote.Vote.Height, Vote.Vote.Round, (byte)Vote.Vote.Type, Vote.Validator, Vote.Vote.ValueId ?? Hash32.Zero);
}

public sealed record DecisionMessage(Decision Decision) : SimMessage
{
    public override MessageKey Key => new(3, Decision.Height, Decision.Round, 0, Address.None, Decision.Value.Id);
}

public sealed record StatusMessage(ulong Height) : SimMessage
{
    public override MessageKey Key => new(4, Height, 0, 0, Address.None, Hash32.Zero);
}

public sealed record EvidenceMessage(DuplicateVoteEvidence Evidence) : SimMessage
{
    public override MessageKey Key => new(5, Evidence.Height, Evidence.Round, (byte)Evidence.Type, Evidence.Validator, Evidence.Hash());
}

/// <summary>A message's identity for gossip bookkeeping.</summary>
public readonly record struct MessageKey(byte Kind, ulong Height, int Round, byte Type, Address Sender, Hash32 Value);
