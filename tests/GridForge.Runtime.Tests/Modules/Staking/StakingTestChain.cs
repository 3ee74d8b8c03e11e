using GridForge.Consensus.Messages;
using GridForge.Consensus.Validators;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>A dev chain for staking and governance: validators V1–V4 and nominators N1–N3 (outsider keys) each hold
/// <see cref="Funds"/> GRID and WATT; the genesis staking section (by default V1, V2 and V3 with 10% commission, N1 behind
/// V1 and V2, N2 behind V3) elects era 0's exposures, and its validators (power 1 each; V1 when it has none) are the
/// genesis validator set that signs era 0. Blocks are proposed in turn by the validator set as it stands, <see cref="BlockSeconds"/>
/// apart, and after every block the GRID supply is audited: Σ balances = supply = genesis + rewards − slashes − forfeits.</summary>
public sealed class StakingTestChain
{
    public const ulong Unit = Amount.MicroPerUnit;
    public const ulong Funds = 10_000 * Unit;
    public const long StartTime = 1_800_000_000;

    public static readonly SigningKey V1 = TestKeys.Outsider("staking-v1");
    public static readonly SigningKey V2 = TestKeys.Outsider("staking-v2");
    public static readonly SigningKey V3 = TestKeys.Outsider("staking-v3");
    public static readonly SigningKey V4 = TestKeys.Outsider("staking-v4");
    public static readonly SigningKey N1 = TestKeys.Outsider("staking-n1");
    public static readonly SigningKey N2 = TestKeys.Outsider("staking-n2");
    public static readonly SigningKey N3 = TestKeys.Outsider("staking-n3");
    public static readonly SigningKey[] Everyone = [V1, V2, V3, V4, N1, N2, N3, TestKeys.Alice, TestKeys.Dso];

    public const uint TenPercent = 100_000_000;

    /// <summary>The default genesis staking section.</summary>
    public static StakingGenesis DefaultStaking() => new()
    {
        Validators =
        [
            new StakingGenesisValidator { Address = V1.Address.ToString(), Bond = 1_000 * Unit, CommissionPpb = TenPercent },
            new StakingGenesisValidator { Address = V2.Address.ToString(), Bond = 800 * Unit, CommissionPpb = TenPercent },
            new StakingGenesisValidator { Address = V3.Address.ToString(), Bond = 600 * Unit, CommissionPpb = TenPercent },
        ],
        Nominators =
        [
            new StakingGenesisNominator { Address = N1.Address.ToString(), Bond = 500 * Unit, Targets = [V1.Address.ToString(), V2.Address.ToString()] },
            new StakingGenesisNominator { Address = N2.Address.ToString(), Bond = 300 * Unit, Targets = [V3.Address.ToString()] },
        ],
    };

    public StakingTestChain(StakingGenesis? staking = null, Action<GenesisBuilder>? customize = null,
        IReadOnlyDictionary<string, System.Text.Json.JsonElement>? extra = null)
    {
        staking ??= DefaultStaking();
        var builder = Build.A.Genesis.At(StartTime)
            .WithParam("staking", "era_blocks", 10).WithParam("staking", "unbonding_eras", 2).WithParam("staking", "validator_count", 3)
            .WithRole("dso", TestKeys.Dso.Address);
        foreach (var key in Everyone) builder.WithAccount(key, Funds, Funds);
        customize?.Invoke(builder);
        var g = builder.TestObject;
        var sections = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal) { [StakingGenesis.SectionName] = staking.ToJsonElement() };
        foreach (var (k, v) in extra ?? new Dictionary<string, System.Text.Json.JsonElement>()) sections[k] = v;
        Genesis = new GenesisDocument
        {
            ChainId = g.ChainId,
            GenesisTime = g.GenesisTime,
            Validators = staking.Validators.Count == 0
                ? [new GenesisValidator { Address = V1.Address.ToString() }]
                : [.. staking.Validators.Select(v => new GenesisValidator { Address = v.Address })],
            Accounts = g.Accounts,
            Roles = g.Roles,
            Params = g.Params,
            Extra = sections,
        };
        Runtime = new ChainRuntime(Genesis.ChainId, ChainRuntime.StandardModules());
        State = Runtime.GenesisState(Genesis);
        Time = StartTime;
        AssertGridAccounted("at genesis");
    }

    public GenesisDocument Genesis { get; }

    public ChainRuntime Runtime { get; }

    public StateStore State { get; }

    public ulong Height { get; private set; }

    /// <summary>The time of the last block (the genesis time before block 1).</summary>
    public long Time { get; private set; }

    public long BlockSeconds { get; set; } = 6;

    /// <summary>Proposes the next block instead of the set's turn order, once.</summary>
    public Address? NextProposer { get; set; }

    public IReadOnlyList<Event> LastEndBlockEvents { get; private set; } = [];

    public IReadOnlyList<TxResult> LastResults { get; private set; } = [];

    /// <summary>The latest validator set: the one an era's election or a slash scheduled (it signs from
    /// <see cref="AuthModule.SetChangeOffset"/> blocks after the block that scheduled it).</summary>
    public ValidatorSet Validators => AuthModule.LatestValidators(State);

    /// <summary>The set that signs the next block.</summary>
    public ValidatorSet SigningValidators => AuthModule.Validators(State);

    /// <summary>Two conflicting precommits (values named <paramref name="first"/> and <paramref name="second"/>) of
    /// <paramref name="validator"/> at a height and round, as a report (the second signed by <paramref name="secondSigner"/>
    /// when given, which makes it invalid).</summary>
    public ReportEquivocationMessage Equivocation(SigningKey validator, ulong height, string first = "A", string second = "B", SigningKey? secondSigner = null,
        int round = 0) =>
        new(SignedVote(validator, height, round, first), SignedVote(secondSigner ?? validator, height, round, second) with { Validator = validator.Address });

    private SignedVote SignedVote(SigningKey key, ulong height, int round, string value)
    {
        var vote = new Vote(VoteType.Precommit, height, round, Hashing.Domain("test block", System.Text.Encoding.UTF8.GetBytes(value)));
        return new SignedVote(vote, key.Address, key.Sign(vote.SignBytes(Genesis.ChainId).ToArray()));
    }

    public EraInfo Era => StakingState.Era(State);

    public Balance Grid(Address a) => TokensModule.GetBalance(State, a, Token.Grid);

    public StakingLedger Ledger(Address a) => StakingState.Ledger(State, a);

    public Transaction Tx(SigningKey from, IMessage message, ulong? nonce = null, ulong fee = TransactionBuilder.DefaultFee) =>
        Transaction.Sign(from, Genesis.ChainId, nonce ?? AuthModule.NextNonce(State, from.Address), fee, ulong.MaxValue, message);

    /// <summary>Executes one block holding <paramref name="txs"/> (each must be includable) and audits GRID after it.</summary>
    public IReadOnlyList<TxResult> Block(params Transaction[] txs)
    {
        Height++;
        Time += BlockSeconds;
        var proposer = NextProposer ?? AuthModule.Rotation(State).ProposerOf(0);
        NextProposer = null;
        var run = BlockExecutor.Execute(Runtime, State, new BlockInfo(Genesis.ChainId, Height, Time, proposer), txs,
            new BlockLimits { TrySenderAfterExclusion = true });
        Assert.True(run.Excluded.Count == 0, $"transaction excluded from block {Height}: {(run.Excluded.Count > 0 ? run.Excluded[0].Reason : null)}");
        return Commit(run);
    }

    /// <summary>Offers <paramref name="tx"/> in a block of its own: its result, or why the block had to leave it out.</summary>
    public (TxResult? Result, Rejection? Exclusion) Offer(Transaction tx)
    {
        Height++;
        Time += BlockSeconds;
        var info = new BlockInfo(Genesis.ChainId, Height, Time, NextProposer ?? AuthModule.Rotation(State).ProposerOf(0));
        NextProposer = null;
        var run = BlockExecutor.Execute(Runtime, State, info, [tx]);
        Commit(run);
        return (run.Results.FirstOrDefault(), run.Excluded.Count > 0 ? run.Excluded[0].Reason : null);
    }

    private IReadOnlyList<TxResult> Commit(BlockExecution run)
    {
        run.CommitTo(State);
        LastEndBlockEvents = run.EndBlockEvents;
        LastResults = run.Results;
        AssertGridAccounted($"after block {Height}");
        return run.Results;
    }

    /// <summary>The message in a block of its own; returns its rejection (null on success).</summary>
    public Rejection? Send(SigningKey from, IMessage message) => Block(Tx(from, message))[0].Rejection;

    public void Succeeds(SigningKey from, IMessage message)
    {
        var rejection = Send(from, message);
        Assert.True(rejection is null, $"expected success, got {rejection}");
    }

    public Rejection Fails(SigningKey from, IMessage message, string code)
    {
        var rejection = Send(from, message);
        Assert.True(rejection?.Code == code, $"expected {code}, got {rejection?.ToString() ?? "success"}");
        Assert.False(string.IsNullOrWhiteSpace(rejection!.Message));
        return rejection;
    }

    /// <summary>Empty blocks up to and including the last block of the current era; returns that block's events.</summary>
    public IReadOnlyList<Event> RunToEraEnd()
    {
        var era = Era.Index;
        while (Era.Index == era) Block();
        return LastEndBlockEvents;
    }

    public void Run(int blocks)
    {
        for (var i = 0; i < blocks; i++) Block();
    }

    /// <summary>Σ GRID balances = GRID supply = genesis + rewards − slashes − forfeits, and every staker's reserved GRID is
    /// at least what staking holds for it.</summary>
    public void AssertGridAccounted(string when)
    {
        var supply = TokensModule.Supply(State, Token.Grid);
        Assert.True(SupplyAudit.Held(State, Token.Grid) == supply, $"{when}: GRID balances hold {SupplyAudit.Held(State, Token.Grid)}, supply is {supply}");
        var issuance = StakingState.Issuance(State);
        Assert.True(issuance.ExpectedSupply == supply, $"{when}: GRID supply {supply} is not genesis + rewards − slashes − forfeits = {issuance}");
        Assert.True(SupplyAudit.Held(State, Token.Watt) == TokensModule.Supply(State, Token.Watt), $"{when}: WATT balances differ from the WATT supply");
        ulong active = 0;
        foreach (var key in Everyone)
        {
            var ledger = Ledger(key.Address);
            active += ledger.Active;
            var access = StakingState.AccessRolesOf(State, key.Address).Aggregate(0UL, (s, r) => s + StakingState.Access(State, r, key.Address)!.Amount);
            Assert.True(Grid(key.Address).Reserved >= ledger.Total + access,
                $"{when}: {key.Address} reserves {Grid(key.Address).Reserved} but stakes {ledger.Total} + {access}");
        }

        Assert.True(StakingState.TotalActive(State) == active, $"{when}: total active {StakingState.TotalActive(State)} but ledgers hold {active}");
    }

    /// <summary>The events of the last block's end-of-block hooks of one kind.</summary>
    public IReadOnlyList<Event> EndEvents(string kind) => [.. LastEndBlockEvents.Where(e => e.Module == StakingModule.ModuleName && e.Kind == kind)];
}
