using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>Governance's read door: what the API, the dashboard and the CLI may read of governance's state (proposals, their
/// votes and tallies), as typed values. Never called by consensus code; nothing outside the module knows its key layout.</summary>
public static class GovernanceQueries
{
    /// <summary>One proposal, or null when no proposal has that id.</summary>
    public static Proposal? Proposal(IState state, ulong id) => GovernanceState.Get(state, id);

    /// <summary>Every proposal, oldest first.</summary>
    public static IReadOnlyList<Proposal> All(IState state)
    {
        var list = new List<Proposal>();
        for (ulong id = 1; id < GovernanceState.NextId(state); id++)
        {
            if (GovernanceState.Get(state, id) is { } p) list.Add(p);
        }

        return list;
    }

    /// <summary>Who voted on a proposal in voting (votes are forgotten once its final tally is stored), in address order.</summary>
    public static IReadOnlyList<Address> Voters(IState state, ulong id) => GovernanceState.Voters(state, id);

    /// <summary>How a voter voted on a proposal in voting, or null.</summary>
    public static VoteChoice? Vote(IState state, ulong id, Address voter) => GovernanceState.Vote(state, id, voter);

    /// <summary>A proposal's tally: the live one while it is voting (each vote weighted by its bond now), else the final one.</summary>
    public static Tally Tally(IState state, Proposal proposal) =>
        proposal.Status == ProposalStatus.Voting
            ? GovernanceModule.LiveTally(state, proposal.Id, StakingQueries.ActiveBond, StakingQueries.TotalActive)
            : proposal.Tally;
}
