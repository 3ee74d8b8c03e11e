using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Tests.Modules.Staking;
using GridForge.Runtime.Transactions;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>Random proposals, votes, vote changes, bonds and unbonds: every decided proposal's status follows from its
/// stored tally and the rules fixed into it, deposits are reserved exactly while voting and burned exactly when quorum
/// is missed, GRID is accounted after every block (the harness), and replaying the traffic gives the same root.</summary>
public sealed class GovernancePropertyTests
{
    private sealed record Op(int Kind, int Actor, int Choice, ulong Amount);

    private static readonly Gen<Op[][]> Blocks = Gen.Select(Gen.Int[0, 5], Gen.Int[0, Everyone.Length - 1], Gen.Int[1, 3], Gen.ULong[1, 400 * Unit])
        .Select((k, a, c, m) => new Op(k, a, c, m)).Array[0, 3].Array[10, 40];

    private static IMessage MessageOf(StakingTestChain chain, Op op)
    {
        var last = GovernanceState.NextId(chain.State) - 1;
        return op.Kind switch
        {
            0 => new ProposeMessage(op.Amount % 2 == 0 ? ProposalAction.SetParameter("tokens", "min_fee", (long)(op.Amount % 500)) : ProposalAction.Text(),
                "p"),
            1 or 2 => new VoteMessage(last == 0 ? 1 : last - (op.Amount % Math.Min(last, 3)), (VoteChoice)op.Choice),
            3 => new BondMessage(new Amount(op.Amount)),
            4 => new UnbondMessage(new Amount(op.Amount / 4)),
            _ => new VoteMessage(last, (VoteChoice)op.Choice),
        };
    }

    private static StakingTestChain Replay(Op[][] blocks)
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("governance", "voting_period_blocks", 4)
            .WithParam("governance", "enactment_delay_blocks", 2)
            .WithParam("governance", "quorum_ppm", 300_000).WithParam("staking", "era_blocks", 7).WithParam("governance", "max_active_proposals", 4));
        foreach (var block in blocks)
        {
            var nonces = new Dictionary<int, ulong>();
            var txs = new List<Transaction>();
            foreach (var op in block)
            {
                var nonce = nonces.TryGetValue(op.Actor, out var n) ? n : Runtime.Modules.Auth.AuthModule.NextNonce(chain.State, Everyone[op.Actor].Address);
                nonces[op.Actor] = nonce + 1;
                // Fees stay above any minimum the traffic itself may enact.
                txs.Add(chain.Tx(Everyone[op.Actor], MessageOf(chain, op), nonce, fee: 1_000));
            }

            chain.Block([.. txs]);
        }

        return chain;
    }

    [Fact]
    public void RandomGovernanceTraffic_DecidesByTheStoredTally_AndAccountsForEveryDeposit()
    {
        long decided = 0;
        Blocks.Sample(blocks =>
        {
            var chain = Replay(blocks);
            Assert.Equal(chain.State.Root, Replay(blocks).State.Root);

            var deposit = (ulong)GovernanceModule.Deposit.Get(chain.State);
            var proposals = Enumerable.Range(1, (int)GovernanceState.NextId(chain.State) - 1).Select(id => GovernanceState.Get(chain.State, (ulong)id)!)
                .ToList();
            foreach (var p in proposals.Where(p => p.Status != ProposalStatus.Voting))
            {
                Interlocked.Increment(ref decided);
                var quorum = p.Tally.ReachesQuorum(p.QuorumPpm);
                var passes = quorum && p.Tally.ReachesThreshold(p.ThresholdPpm);
                Assert.Equal(passes, p.Status is ProposalStatus.Passed or ProposalStatus.Enacted or ProposalStatus.EnactmentFailed);
                Assert.Equal(!quorum, p.Status == ProposalStatus.NoQuorum);
            }

            Assert.Equal(deposit * (ulong)proposals.Count(p => p.Status == ProposalStatus.NoQuorum), StakingState.Issuance(chain.State).Forfeited);
            foreach (var key in Everyone)
            {
                var held = deposit * (ulong)proposals.Count(p => p.Proposer == key.Address && p.Status == ProposalStatus.Voting);
                Assert.Equal(chain.Ledger(key.Address).Total + held, chain.Grid(key.Address).Reserved);
            }
        }, iter: 40);

        Assert.True(decided > 0);
    }
}
