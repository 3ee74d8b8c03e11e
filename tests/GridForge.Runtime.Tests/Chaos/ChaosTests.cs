using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Chaos;

/// <summary>Issue 13, item 5: the whole runtime under random transactions of every module, with values at and beyond every
/// bound, governance pushing parameters to their bounds, contracts with extreme terms, meters retired inside the metering
/// window — run through blocks far enough apart that books close, slots settle, contract periods end, disputes default and
/// eras turn. After every transaction and block: the chain never stops (nothing throws out of a block, and no end-of-block
/// item or handler fails but by arithmetic refusal), a refused transaction changes nothing but its fee and nonce, every
/// balance adds up to its token's supply, GRID supply is its issuance account, WATT is what issuers minted less what they
/// burned, every reserved µ-unit is accounted for; and a second node fed the same blocks — restarted at random heights, so
/// with none of the first node's caches — reaches the same state root after every block.</summary>
public sealed class ChaosTests
{
    /// <summary>One block of a run: how far its time moves on, and its ops.</summary>
    public sealed record ChaosBlock(int TimeStep, bool RestartReplica, ChaosOp[] Ops);

    private static readonly long[] TimeSteps = [1, 7, 60, 300, 600, 900, 1_800, 3_600];

    private static readonly Gen<ChaosBlock[]> Runs =
        Gen.Select(Gen.Int[0, TimeSteps.Length - 1], Gen.Int[0, 9], ChaosWorld.Op.Array[0, 9])
            .Select((t, r, ops) => new ChaosBlock(t, r == 0, ops)).Array[20, 45];

    private sealed class Node
    {
        public Node(GenesisDocument genesis)
        {
            Runtime = new ChainRuntime(genesis.ChainId, Observed(ChainRuntime.StandardModules()));
            State = Init(genesis);
        }

        public ChainRuntime Runtime { get; private set; }

        public StateStore State { get; private set; }

        public List<(string Where, Exception Error)> Failures { get; } = [];

        private static StateStore Init(GenesisDocument genesis)
        {
            return new ChainRuntime(genesis.ChainId, ChainRuntime.StandardModules()).GenesisState(genesis);
        }

        private ModuleHost Observed(ModuleHost modules)
        {
            modules.FailureObserved += (where, e) => Failures.Add((where, e));
            return modules;
        }

        /// <summary>A restart: the state reloaded from its entries, a fresh runtime with no caches.</summary>
        public void Restart(GenesisDocument genesis)
        {
            State = StateStore.Load(State.Snapshot().Select(kv => new KeyValuePair<byte[], byte[]>(kv.Key.Bytes, kv.Value)));
            Runtime = new ChainRuntime(genesis.ChainId, Observed(ChainRuntime.StandardModules()));
        }
    }

    [Fact]
    public void UnderAnyTransactionsAndTime_TheChainNeverStops_RefusalsChangeOnlyFeeAndNonce_MoneyIsConserved_AndTwoNodesAgree()
    {
        var genesis = ChaosWorld.Genesis();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        Runs.Sample(run =>
        {
            var first = new Node(genesis);
            var second = new Node(genesis);
            var nonces = new Dictionary<Address, ulong>();
            var time = genesis.GenesisTime;
            var proposer = ChaosWorld.Validator.Address;
            for (var height = 1; height <= run.Length; height++)
            {
                var block = run[height - 1];
                time += TimeSteps[block.TimeStep];
                var info = new BlockInfo(genesis.ChainId, (ulong)height, time, proposer);
                var overlay = new StateOverlay(first.State);
                var included = new List<byte[]>();
                var blocked = new HashSet<Address>();
                foreach (var op in block.Ops)
                {
                    var (sender, message) = ChaosWorld.Message(op, overlay, time, genesis.ChainId);
                    if (blocked.Contains(sender.Address)) continue;
                    var nonce = nonces.GetValueOrDefault(sender.Address, AuthModule.NextNonce(first.State, sender.Address));
                    // The fee governance asks for (it may push tokens.min_fee to its bound).
                    var fee = Math.Max(TransactionBuilder.DefaultFee, (ulong)TokensModule.MinFee.Get(overlay));
                    var tx = Transaction.Sign(sender, genesis.ChainId, nonce, fee, ulong.MaxValue, message);
                    // What does not decode is refused at admission and never reaches a block.
                    if (first.Runtime.Decode(tx.Encoded, overlay, out var undecodable) is not { } decoded)
                    {
                        Count(seen, "undecodable:" + undecodable!.Code);
                        continue;
                    }

                    // Each transaction on a probe over the block: a refused one may write its fee and nonce, nothing else.
                    var probe = new StateOverlay(overlay);
                    var result = first.Runtime.Apply(probe, info, decoded, out var exclusion);
                    if (result is null)
                    {
                        // Left out of the block (it cannot pay its fee): nothing at all changes, and its sender's later ones wait.
                        Assert.True(probe.WriteCount == 0, $"block {height}: a {message.GetType().Name} left out ({exclusion}) wrote to the state");
                        Count(seen, "left out:" + exclusion!.Code);
                        blocked.Add(sender.Address);
                        continue;
                    }

                    if (result.Rejection is { } refused)
                    {
                        Count(seen, refused.Code);
                        var allowed = new HashSet<StateKey>
                        {
                            TokensModule.BalanceKey(sender.Address, Token.Watt), TokensModule.BalanceKey(proposer, Token.Watt),
                                StateKey.Of("auth/nonce/", sender.Address.ToBytes()),
                        };
                        var wrote = probe.SortedWrites().Select(w => w.Key).Where(k => !allowed.Contains(k)).Select(k => k.ToString()).ToList();
                        Assert.True(wrote.Count == 0, $"block {height}: a refused {message.GetType().Name} ({refused}) wrote {string.Join(", ", wrote)}");
                    }
                    else
                    {
                        Count(seen, "ok:" + message.GetType().Name);
                        foreach (var e in result.Events) Count(seen, "tx event:" + e.Kind);
                    }

                    probe.CommitToParent();
                    nonces[sender.Address] = nonce + 1;
                    included.Add(tx.Encoded);
                }

                var events = first.Runtime.EndBlock(overlay, info);
                foreach (var e in events) Count(seen, "event:" + e.Kind);
                foreach (var e in events.Where(e => e.Kind.EndsWith("_failed", StringComparison.Ordinal) || e.Kind is "contract_suspended" or "trade_voided"))
                {
                    Assert.Fail($"block {height}: end-of-block work failed: {e.Module}/{e.Kind} {string.Join(" ", e.Attributes)}");
                }

                var root = first.State.Apply(overlay.SortedWrites());
                nonces.Clear();
                Audit(first.State, $"after block {height}");

                if (block.RestartReplica) second.Restart(genesis);
                // The replica runs the block as every other node does: decoded afresh, through the one block runner.
                var replay = BlockExecutor.Execute(second.Runtime, second.State, info,
                    included.Select(bytes => second.Runtime.Decode(bytes, second.State, out _)!).ToList());
                Assert.Empty(replay.Excluded);
                Assert.Equal(root, replay.CommitTo(second.State));
            }

            // Contained exceptions are allowed only where they are an input's fault: checked arithmetic in a handler.
            var unexpected = first.Failures.Concat(second.Failures)
                .Where(f => f.Error is not OverflowException || !f.Where.StartsWith("transaction", StringComparison.Ordinal)).ToList();
            Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Select(f => $"{f.Where}: {f.Error}")));
        }, iter: 80, threads: 1);

        // The runs are worth something only if they reach what they were made to reach.
        foreach (var expected in new[]
        {
            "tx event:trade", "ok:CreateContractMessage", "ok:MintMessage", "ok:RedeemMessage", "ok:RetireMeterMessage", "arithmetic_overflow",
            "event:gate_closed", "event:trade_settled", "event:ppa_period_settled", "event:enacted", "event:era_paid", "event:capacity_applied",
        })
        {
            Assert.True(seen.ContainsKey(expected), $"no run reached {expected}: " +
                $"{string.Join(", ", seen.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}={kv.Value}"))}");
        }
    }

    private static void Count(Dictionary<string, int> seen, string key) => seen[key] = seen.GetValueOrDefault(key) + 1;

    private static void Audit(StateStore state, string when)
    {
        foreach (var token in new[] { Token.Grid, Token.Watt })
        {
            var supply = TokensModule.Supply(state, token);
            Assert.True(SupplyAudit.Held(state, token) == supply,
                $"{when}: {token.Name()} balances hold {SupplyAudit.Held(state, token)}, the supply is {supply}");
        }

        var issuance = StakingState.Issuance(state);
        Assert.True(issuance.ExpectedSupply == TokensModule.Supply(state, Token.Grid),
            $"{when}: GRID supply is not genesis + rewards − slashes − forfeits ({issuance})");
        Assert.True(StablecoinAudit.Violations(state) is { Count: 0 }, $"{when}: {string.Join("; ", StablecoinAudit.Violations(state))}");
        EscrowAudit.AssertAccounted(state, when);
    }
}
