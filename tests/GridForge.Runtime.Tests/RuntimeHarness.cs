using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests;

/// <summary>What became of one transaction: refused before inclusion (decode or checks), or included
/// with its message's outcome (no rejection on success).</summary>
public sealed record TxOutcome(Hash32? Id, Rejection? Rejection, bool Included)
{
    public string? Code => Rejection?.Code;
}

/// <summary>One executed block: its state root, each transaction's outcome and its end-of-block events.</summary>
public sealed record BlockOutcome(Hash32 StateRoot, IReadOnlyList<TxOutcome> Transactions, IReadOnlyList<Event> EndBlockEvents);

/// <summary>The runtime alone over an in-memory state: decodes wire bytes and runs them as blocks
/// (heights 1, 2, …, one second apart, proposed by the genesis's first validator).</summary>
public sealed class RuntimeHarness
{
    private RuntimeHarness(ChainRuntime runtime, StateStore state, GenesisDocument genesis)
    {
        Runtime = runtime;
        State = state;
        Genesis = genesis;
        Proposer = AuthModule.Validators(state).Members[0].Address;
    }

    public ChainRuntime Runtime { get; }

    public StateStore State { get; }

    public GenesisDocument Genesis { get; }

    public Address Proposer { get; }

    public ulong Height { get; private set; }

    /// <summary>Starts from <paramref name="genesis"/> with the standard modules, or only <paramref name="modules"/>.</summary>
    public static RuntimeHarness Start(GenesisDocument genesis, ModuleHost? modules = null)
    {
        var runtime = new ChainRuntime(genesis.ChainId, modules ?? ChainRuntime.StandardModules());
        return new RuntimeHarness(runtime, runtime.GenesisState(genesis), genesis);
    }

    /// <summary>A dev chain funding alice, bob and charlie (and the validator, who collects fees).</summary>
    public static RuntimeHarness StartDev() =>
        Start(Build.A.Genesis.Funding(TestKeys.Alice, TestKeys.Bob, TestKeys.Charlie, TestKeys.Validator).TestObject);

    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Snapshot() => State.Snapshot();

    public TxOutcome Execute(byte[] encoded) => ExecuteBlock([encoded]).Transactions[0];

    public TxOutcome Execute(Transaction tx) => Execute(tx.Encoded);

    public BlockOutcome ExecuteBlock(IEnumerable<byte[]> encoded)
    {
        Height++;
        var block = new BlockInfo(Runtime.ChainId, Height, Genesis.GenesisTime + (long)Height, Proposer);
        var decoded = encoded.Select(bytes => (Tx: Runtime.Decode(bytes, State, out var refused), Refused: refused)).ToList();
        var run = BlockExecutor.Execute(Runtime, State, block, decoded.Where(d => d.Tx is not null).Select(d => d.Tx!),
            new BlockLimits { TrySenderAfterExclusion = true });
        var included = run.Included.Zip(run.Results).ToDictionary(p => (object)p.First, p => p.Second, ReferenceEqualityComparer.Instance);
        var excluded = run.Excluded.ToDictionary(p => (object)p.Tx, p => p.Reason, ReferenceEqualityComparer.Instance);
        var outcomes = decoded.Select(d =>
            d.Tx is null ? new TxOutcome(null, d.Refused, false)
            : included.TryGetValue(d.Tx, out var result) ? new TxOutcome(d.Tx.Id, result.Rejection, true)
            : new TxOutcome(d.Tx.Id, excluded[d.Tx], false)).ToList();
        return new BlockOutcome(run.CommitTo(State), outcomes, run.EndBlockEvents);
    }

    public Balance BalanceOf(Address account, Token token) => TokensModule.GetBalance(State, account, token);

    public ulong NextNonce(Address account) => AuthModule.NextNonce(State, account);
}
