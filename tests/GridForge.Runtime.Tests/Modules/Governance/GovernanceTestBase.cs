using GridForge.Core.Crypto;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Tests.Modules.Staking;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>The staking test chain with short governance periods: voting lasts <see cref="VotingBlocks"/> blocks from the
/// block that makes a proposal, enactment comes <see cref="DelayBlocks"/> blocks after, and eras are long enough not to
/// interfere. V1, V2, V3, N1 and N2 hold 1,000, 800, 600, 500 and 300 GRID of active bond (3,200 in all).</summary>
public abstract class GovernanceTestBase
{
    protected const int VotingBlocks = 8;
    protected const int DelayBlocks = 3;

    protected GovernanceTestBase(Action<GridForge.Tests.TestKit.GenesisBuilder>? customize = null,
        IReadOnlyDictionary<string, System.Text.Json.JsonElement>? extra = null) =>
        Chain = new StakingTestChain(customize: g =>
        {
            g.WithParam("governance", "voting_period_blocks", VotingBlocks).WithParam("governance", "enactment_delay_blocks", DelayBlocks)
                .WithParam("staking", "era_blocks", 1_000);
            customize?.Invoke(g);
        }, extra: extra);

    protected StakingTestChain Chain { get; }

    protected ulong Deposit => (ulong)GovernanceModule.Deposit.Get(Chain.State);

    /// <summary>Makes a proposal in a block of its own and returns it.</summary>
    protected Proposal Propose(SigningKey from, ProposalAction action, string description = "")
    {
        Chain.Succeeds(from, new ProposeMessage(action, description));
        return GovernanceState.Get(Chain.State, GovernanceState.NextId(Chain.State) - 1)!;
    }

    protected Proposal ProposalOf(ulong id) => GovernanceState.Get(Chain.State, id)!;

    protected void Vote(ulong id, VoteChoice choice, params SigningKey[] voters)
    {
        foreach (var v in voters) Chain.Succeeds(v, new VoteMessage(id, choice));
    }

    /// <summary>Runs blocks until the chain has executed <paramref name="height"/>.</summary>
    protected void RunTo(ulong height)
    {
        while (Chain.Height < height) Chain.Block();
    }

    /// <summary>Makes a proposal and passes it with every validator's yes; returns it once voting has ended.</summary>
    protected Proposal Pass(ProposalAction action, string description = "")
    {
        var p = Propose(V1, action, description);
        Vote(p.Id, VoteChoice.Yes, V1, V2, V3);
        RunTo(p.VotingEnd);
        Assert.Equal(ProposalStatus.Passed, ProposalOf(p.Id).Status);
        return p;
    }
}
