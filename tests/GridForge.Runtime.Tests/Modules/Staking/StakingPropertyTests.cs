using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Transactions;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>Random staking traffic over several eras (bonds, unbonds, rebonds, withdrawals, intents, nominations,
/// chills, access bonds, equivocation evidence), with proposers chosen at random: after every block the harness checks
/// Σ GRID balances = supply = genesis + rewards − slashes (DESIGN §3), reserves cover every bond, and the active total
/// matches the ledgers; and replaying the same traffic gives the same state root.</summary>
public sealed class StakingPropertyTests
{
    private sealed record Op(int Kind, int Actor, int Target, ulong Amount);

    private static readonly Gen<Op> Ops = Gen.Select(Gen.Int[0, 10], Gen.Int[0, Everyone.Length - 1], Gen.Int[0, 3],
        Gen.Frequency((6, Gen.ULong[1, 600 * Unit]), (1, Gen.ULong[0, Funds * 2])))
        .Select((k, a, t, m) => new Op(k, a, t, m));

    private static readonly Gen<Op[][]> Blocks = Ops.Array[0, 4].Array[5, 40];

    private static IMessage MessageOf(StakingTestChain chain, Op op)
    {
        Core.Crypto.SigningKey[] validators = [V1, V2, V3, V4];
        return op.Kind switch
        {
            0 => new BondMessage(new Amount(op.Amount)),
            1 => new UnbondMessage(new Amount(op.Amount)),
            2 => new RebondMessage(new Amount(op.Amount)),
            3 => new WithdrawMessage(),
            4 => new ValidateMessage((uint)(op.Amount % (ValidatorPrefs.Billion + 2))),
            5 => new NominateMessage([.. validators.Take(op.Target + 1).Select(v => v.Address)]),
            6 => new ChillMessage(),
            7 => new PostAccessBondMessage(AccessRoles.All[op.Target]),
            8 => new ReleaseAccessBondMessage(AccessRoles.All[op.Target]),
            _ => Equivocation(chain, validators[op.Target], chain.Height > 1 ? 1 + (op.Amount % (chain.Height - 1)) : 1),
        };
    }

    private static ReportEquivocationMessage Equivocation(StakingTestChain chain, Core.Crypto.SigningKey validator, ulong height) =>
        chain.Equivocation(validator, height, $"a{height}", $"b{height}");

    private static StakingTestChain Replay(Op[][] blocks)
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "era_blocks", 4).WithParam("staking", "slash_ppm", 500_000));
        var random = 0;
        foreach (var block in blocks)
        {
            var nonces = new Dictionary<int, ulong>();
            var txs = new List<Transaction>();
            foreach (var op in block)
            {
                var actor = Everyone[op.Actor];
                var nonce = nonces.TryGetValue(op.Actor, out var n) ? n : Runtime.Modules.Auth.AuthModule.NextNonce(chain.State, actor.Address);
                nonces[op.Actor] = nonce + 1;
                txs.Add(chain.Tx(actor, MessageOf(chain, op), nonce));
            }

            // Any account may propose (as an equivocating or unexposed proposer would); the set's turn order otherwise.
            if (block.Length > 0 && block[0].Target == 3) chain.NextProposer = Everyone[random++ % Everyone.Length].Address;
            chain.Block([.. txs]);
        }

        return chain;
    }

    [Fact]
    public void RandomStakingTraffic_AccountsForEveryGridUnitAfterEveryBlock_AndReplaysToTheSameRoot()
    {
        long rewarded = 0, slashed = 0;
        Blocks.Sample(blocks =>
        {
            var first = Replay(blocks);
            var second = Replay(blocks);

            Assert.Equal(first.State.Root, second.State.Root);
            Assert.NotEmpty(first.Validators.Members);
            var issuance = StakingState.Issuance(first.State);
            if (issuance.Rewards > 0) Interlocked.Increment(ref rewarded);
            if (issuance.Slashed > 0) Interlocked.Increment(ref slashed);
        }, iter: 60);

        // The traffic is only worth the time if it reaches rewards and slashes.
        Assert.True(rewarded > 0 && slashed > 0, $"rewarded in {rewarded} runs, slashed in {slashed}");
    }
}
