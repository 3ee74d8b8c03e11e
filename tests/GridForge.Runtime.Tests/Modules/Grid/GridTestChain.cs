using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Grid;

/// <summary>A dev chain for grid and metering rules: <c>dso</c> holds its role, zones Z1, Z2 and Z3 with a Z1–Z2
/// link, a funded gateway that is no role holder, and block times the test chooses (15-minute slots).</summary>
public sealed class GridTestChain
{
    /// <summary>The genesis time: the start of slot <see cref="StartSlot"/>.</summary>
    public const long StartTime = 1_800_000_000;
    public const long SlotSeconds = 900;
    public const long StartSlot = StartTime / SlotSeconds;

    public static readonly SigningKey Dso = TestKeys.Dso;
    public static readonly SigningKey Alice = TestKeys.Alice;
    public static readonly SigningKey Bob = TestKeys.Bob;
    public static readonly SigningKey Gateway = TestKeys.Outsider("gateway");

    public static readonly ZoneId Z1 = new("Z1");
    public static readonly ZoneId Z2 = new("Z2");
    public static readonly ZoneId Z3 = new("Z3");

    private readonly Dictionary<Address, ulong> _nonces = [];

    public GridTestChain(Action<GenesisBuilder>? customize = null, GridGenesis? grid = null)
    {
        var builder = Build.A.Genesis.Funding(Alice, Bob, Dso, Gateway, TestKeys.Validator).WithRole(GridModule.DsoRole, Dso.Address).At(StartTime)
            .WithSection(GridGenesis.SectionName, (grid ?? DefaultGrid()).ToJsonElement());
        customize?.Invoke(builder);
        Genesis = builder.TestObject;
        Runtime = new ChainRuntime(Genesis.ChainId, ChainRuntime.StandardModules());
        State = Runtime.GenesisState(Genesis);
        Time = StartTime;
    }

    public static GridGenesis DefaultGrid() => new()
    {
        Zones = ["Z1", "Z2", "Z3"],
        LocalFee = 5_000,
        CongestionPermille = 500,
        Links = [new GridGenesisLink { From = "Z1", To = "Z2", Fee = 10_000, Capacity = 50_000, CapacityBack = 40_000 }],
    };

    public GenesisDocument Genesis { get; }

    public ChainRuntime Runtime { get; }

    public StateStore State { get; }

    public string ChainId => Genesis.ChainId;

    public Address Proposer => TestKeys.Validator.Address;

    public ulong Height { get; private set; }

    /// <summary>The time of the next block; each block moves it on by one second unless the test sets it.</summary>
    public long Time { get; set; }

    /// <summary>The slot that contains <see cref="Time"/>.</summary>
    public SlotId CurrentSlot => new(Time / SlotSeconds);

    /// <summary>Signs <paramref name="message"/> from <paramref name="sender"/> at its next nonce (counting those signed but not yet run).</summary>
    public Transaction Sign(SigningKey sender, IMessage message)
    {
        var nonce = _nonces.TryGetValue(sender.Address, out var n) ? n : AuthModule.NextNonce(State, sender.Address);
        _nonces[sender.Address] = nonce + 1;
        return Transaction.Sign(sender, ChainId, nonce, TransactionBuilder.DefaultFee, ulong.MaxValue, message);
    }

    /// <summary>Runs a block of these transactions, each decoded afresh from its bytes as a receiving node would
    /// (or, with <paramref name="asSigned"/>, the very objects given, as the node that admitted them does).</summary>
    public IReadOnlyList<TxResult> RunBlock(IEnumerable<Transaction> txs, bool asSigned = false)
    {
        Height++;
        var decoded = txs.Select(signed => asSigned ? signed
            : Runtime.Decode(signed.Encoded, State, out var refused)
                ?? throw new InvalidOperationException($"the test built an undecodable transaction: {refused}")).ToList();
        var results = Run(decoded, Height).Results;
        _nonces.Clear();
        return results;
    }

    /// <summary>Runs a block of <paramref name="txs"/> (each must be includable) at <paramref name="height"/> through the block
    /// runner, on <paramref name="runtime"/> (default: this chain's; a fresh one sees the state only), applies it and moves the
    /// clock one second on.</summary>
    public BlockExecution Run(IEnumerable<Transaction> txs, ulong height, ChainRuntime? runtime = null)
    {
        var run = BlockExecutor.Execute(runtime ?? Runtime, State, new BlockInfo(ChainId, height, Time, Proposer), txs,
            new BlockLimits { TrySenderAfterExclusion = true });
        if (run.Excluded.Count > 0) throw new InvalidOperationException($"the transaction was left out: {run.Excluded[0].Reason}");
        run.CommitTo(State);
        Time++;
        return run;
    }

    /// <summary>Runs one transaction of <paramref name="sender"/> in a block of its own.</summary>
    public TxResult Run(SigningKey sender, IMessage message) => RunBlock([Sign(sender, message)])[0];

    /// <summary>Runs a message that must succeed, returning its events.</summary>
    public IReadOnlyList<Event> Ok(SigningKey sender, IMessage message)
    {
        var result = Run(sender, message);
        Assert.True(result.Success, $"refused: {result.Rejection}");
        return result.Events;
    }

    /// <summary>The message fails with <paramref name="code"/> and the state differs only by the fee and the nonce.</summary>
    public Rejection FailsChangingOnlyFeeAndNonce(SigningKey sender, IMessage message, string code)
    {
        var before = State.Snapshot();
        var result = Run(sender, message);
        Assert.False(result.Success, "the message succeeded");
        Assert.Equal(code, result.Rejection!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Message));
        AssertOnlyFeeAndNonceChanged(before, sender.Address);
        return result.Rejection;
    }

    public void AssertOnlyFeeAndNonceChanged(IReadOnlyList<KeyValuePair<StateKey, byte[]>> before, Address sender)
    {
        var allowed = new HashSet<StateKey>
        {
            TokensModule.BalanceKey(sender, Token.Watt),
            TokensModule.BalanceKey(Proposer, Token.Watt),
            StateKey.Of("auth/nonce/", sender.ToBytes()),
        };
        var changed = StateAssert.ChangedKeys(before, State.Snapshot());
        Assert.Empty(changed.Where(k => !allowed.Contains(k)).Select(k => k.ToString()));
    }
}
