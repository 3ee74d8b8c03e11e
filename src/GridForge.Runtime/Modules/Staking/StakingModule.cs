using GridForge.Core.Crypto;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Nominated proof of stake (DESIGN §6 "Staking"): bonds, unbonding over eras, validators' intent with a
/// commission, nominations, an election per era by sequential Phragmén whose winners become the validator set (power =
/// backing), era rewards by blocks proposed, slashing on proven double-signing, and platform-access bonds. GRID moves
/// only through <see cref="TokensModule"/>: bonded GRID is reserved, rewards are minted and slashes burned, and
/// <see cref="GridIssuance"/> accounts for every change of supply.</summary>
public sealed partial class StakingModule : IModule
{
    public const string ModuleName = "staking";

    private readonly StakingNeeds _needs;

    /// <summary>Staking that reaches other modules only through <paramref name="needs"/>.</summary>
    internal StakingModule(StakingNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Staking;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Staking, BondMessage.TypeId, "staking.bond", BondMessage.Decode);
        registry.Register(ModuleIds.Staking, UnbondMessage.TypeId, "staking.unbond", UnbondMessage.Decode);
        registry.Register(ModuleIds.Staking, RebondMessage.TypeId, "staking.rebond", RebondMessage.Decode);
        registry.Register(ModuleIds.Staking, WithdrawMessage.TypeId, "staking.withdraw", WithdrawMessage.Decode);
        registry.Register(ModuleIds.Staking, ValidateMessage.TypeId, "staking.validate", ValidateMessage.Decode);
        registry.Register(ModuleIds.Staking, NominateMessage.TypeId, "staking.nominate", NominateMessage.Decode);
        registry.Register(ModuleIds.Staking, ChillMessage.TypeId, "staking.chill", ChillMessage.Decode);
        registry.Register(ModuleIds.Staking, ReportEquivocationMessage.TypeId, "staking.report_equivocation", ReportEquivocationMessage.Decode);
        registry.Register(ModuleIds.Staking, PostAccessBondMessage.TypeId, "staking.post_access_bond", PostAccessBondMessage.Decode);
        registry.Register(ModuleIds.Staking, ReleaseAccessBondMessage.TypeId, "staking.release_access_bond", ReleaseAccessBondMessage.Decode);
    }

    /// <summary>Records the genesis GRID supply, bonds the genesis section's stakers (Tokens, which runs first, has funded
    /// them) and elects era 0.</summary>
    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
        var state = context.State;
        StakingState.SetIssuance(state, new GridIssuance(_needs.Tokens.Supply(state, Token.Grid), 0, 0, 0));
        var section = StakingGenesis.From(genesis);
        foreach (var v in section.Validators)
        {
            var address = GenesisAddress(genesis.ChainId, v.Address, "validator");
            if (v.CommissionPpb > ValidatorPrefs.Billion) throw new InvalidOperationException($"genesis validator {address} has a commission above 100%");
            BondGenesis(state, address, v.Bond);
            StakingState.SetValidator(state, address, new ValidatorPrefs(v.CommissionPpb));
        }

        foreach (var n in section.Nominators)
        {
            var address = GenesisAddress(genesis.ChainId, n.Address, "nominator");
            var targets = n.Targets.Select(t => GenesisAddress(genesis.ChainId, t, "nomination target")).Distinct().ToList();
            if (targets.Count == 0 || targets.Count > MaxNominations.Get(state) || targets.Any(t => StakingState.Validator(state, t) is null))
            {
                throw new InvalidOperationException($"genesis nominator {address} must nominate 1 to {MaxNominations.Get(state)} validators of the staking " +
                    $"section");
            }

            BondGenesis(state, address, n.Bond);
            StakingState.SetNominations(state, address, targets);
        }

        StartEra(context, 0, 1, genesis.GenesisTime, setValidators: false);
    }

    private static Address GenesisAddress(string chainId, string text, string what)
    {
        if (!Address.TryParse(text, out var address, out var error)) throw new InvalidOperationException($"genesis staking {what} '{text}': {error}");
        if (!DevAccounts.IsDevChain(chainId) && DevAccounts.WellKnownName(address) is { } name)
        {
            throw new InvalidOperationException($"the dev account '{name}' may not be a staking {what} on the non-dev chain '{chainId}'");
        }

        return address;
    }

    private void BondGenesis(IState state, Address account, ulong amount)
    {
        if (amount == 0) throw new InvalidOperationException($"genesis staker {account} bonds nothing; a bond is positive");
        if (AddBond(state, account, amount) is { } refused)
        {
            throw new InvalidOperationException($"genesis staker {account} cannot bond {new Amount(amount)} GRID: {refused.Message}");
        }
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        BondMessage m => Bond(context, m.Amount),
        UnbondMessage m => Unbond(context, m.Amount),
        RebondMessage m => Rebond(context, m.Amount),
        WithdrawMessage => Withdraw(context),
        ValidateMessage m => Validate(context, m.CommissionPpb),
        NominateMessage m => Nominate(context, m.Targets),
        ChillMessage => Chill(context),
        ReportEquivocationMessage m => ReportEquivocation(context, m),
        PostAccessBondMessage m => PostAccessBond(context, m.Role),
        ReleaseAccessBondMessage m => ReleaseAccessBond(context, m.Role),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the staking module has no message {message.Type}"),
    };

    /// <summary>Counts the block for its proposer (when it is exposed this era), and at an era's last block pays the era
    /// and elects the next one's validators. An era ends when it has lasted <c>era_blocks</c> blocks, as that parameter
    /// stands at the block (so a shorter era set by governance ends the current one as soon as it is reached). Each step runs
    /// on an overlay of its own: an era end that fails still ends the era — the next one keeps the validator set, this one's
    /// rewards are not paid and the next one earns none (<c>era_end_failed</c>) — so a failure never repeats block after block.</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var era = StakingState.Era(state);
        var proposer = context.Block.Proposer;
        var counted = context.RunIsolated(new WorkItem("block points of era", (long)era.Index), inner =>
        {
            if (StakingState.HasExposure(inner.State, era.Index, proposer))
            {
                StakingState.SetPoints(inner.State, era.Index, proposer, checked(StakingState.Points(inner.State, era.Index, proposer) + 1));
            }
        });
        if (counted is not null) context.Emit(new PointsFailed(era.Index, proposer, counted.Code));

        var length = checked(context.Block.Height + 1 - era.StartHeight);
        if (length < (ulong)EraBlocks.Get(state)) return;
        if (context.RunIsolated(new WorkItem("end of era", (long)era.Index), inner => EndEra(inner, era)) is not { } failed) return;
        context.Emit(new EraEndFailed(era.Index, failed.Code, failed.Message));
        // The least that moves on: the next era starts now with the validator set as it is, reading nothing else (what failed
        // may be any of it); with no exposures recorded for it, it earns no rewards, and its own end elects again.
        StakingState.SetEra(state, new EraInfo(checked(era.Index + 1), checked(context.Block.Height + 1), context.Block.Time));
    }

    private void EndEra(TxContext context, EraInfo era)
    {
        var state = context.State;
        var payout = StakingRewards.Compute(state, _needs.Tokens.Supply(state, Token.Grid), era, context.Block.Height, context.Block.Time);
        foreach (var v in payout.Validators)
        {
            foreach (var (staker, amount) in v.Payees)
            {
                if (amount > 0) _needs.Tokens.Mint(state, staker, Token.Grid, amount);
            }

            context.Emit(new ValidatorRewarded(era.Index, v.Validator, v.Points, v.Share, v.Commission, v.Paid));
        }

        var issuance = StakingState.Issuance(state);
        StakingState.SetIssuance(state, issuance with { Rewards = checked(issuance.Rewards + payout.Paid) });
        context.Emit(new EraPaid(era.Index, payout.Blocks, payout.Seconds, payout.EraReward, payout.Paid));
        StartEra(context, checked(era.Index + 1), checked(context.Block.Height + 1), context.Block.Time, setValidators: true);
    }

    /// <summary>Elects era <paramref name="index"/>'s validators: at an era boundary the winners become the validator set
    /// <see cref="AuthModule.SetChangeOffset"/> blocks later (power = backing, halved alike if the total would exceed
    /// <see cref="ValidatorSet.MaxTotalPower"/>). At genesis the election only fixes era 0's exposures: era 0 is signed by
    /// the genesis file's <c>validators</c>. When fewer than <c>min_validators</c> win (or none), the set stays and keeps
    /// its previous exposures.</summary>
    private void StartEra(TxContext context, ulong index, ulong startHeight, long startTime, bool setValidators)
    {
        var state = context.State;
        var elected = StakingElection.Run(state);
        if (elected.Count > 0 && elected.Count >= MinValidators.Get(state))
        {
            StakingState.SetExposures(state, index, [.. elected.Select(e => (e.Validator, e.Exposure))]);
            if (setValidators) _needs.Auth.ScheduleValidators(state, ValidatorSet.FromStakes(elected.Select(e => (e.Validator, e.Exposure.Total))));
            context.Emit(new EraStarted(index, startHeight, elected.Count, elected.Aggregate(0UL, (s, e) => checked(s + e.Exposure.Total))));
        }
        else if (index > 0)
        {
            var current = _needs.Auth.Validators(state);
            var carried = StakingState.EraValidators(state, index - 1)
                .Where(v => current.PowerOf(v) > 0)
                .Select(v => (v, StakingState.ExposureOf(state, index - 1, v)!))
                .ToList();
            StakingState.SetExposures(state, index, carried);
            context.Emit(new ElectionFailed(index, elected.Count, MinValidators.Get(state)));
        }

        StakingState.SetEra(state, new EraInfo(index, startHeight, startTime));
        var keep = (ulong)UnbondingEras.Get(state);
        var oldestKept = index > keep ? index - keep : 0;
        for (var e = StakingState.OldestEra(state); e < oldestKept; e++) StakingState.PruneEra(state, e);
        StakingState.SetOldestEra(state, Math.Max(StakingState.OldestEra(state), oldestKept));
    }

    // --- The API other modules (governance, and roles that need an access bond) use. ---

    /// <summary>The account's active bond: its voting weight in governance.</summary>
    public static ulong ActiveBond(IState state, Address account) => StakingState.Ledger(state, account).Active;

    /// <summary>True when <paramref name="account"/> holds an access bond in force for <paramref name="role"/> of at least the
    /// amount governance currently requires (a role needing no bond is always allowed).</summary>
    public static bool HasAccess(IState state, Address account, string role)
    {
        if (AccessRoles.BondParam(role) is not { } spec) return true;
        return StakingState.Access(state, role, account) is { UnlockEra: null } bond && bond.Amount >= (ulong)spec.Get(state);
    }

    /// <summary>Burns <paramref name="amount"/> µGRID that <paramref name="account"/> holds reserved for another module (a
    /// forfeited governance deposit), accounting for it in <see cref="GridIssuance.Forfeited"/>.</summary>
    public void ForfeitReserved(IState state, Address account, ulong amount)
    {
        _needs.Tokens.Unreserve(state, account, Token.Grid, amount);
        if (_needs.Tokens.Burn(state, account, Token.Grid, amount) is { } refused) throw new InvalidOperationException(refused.Message);
        var issuance = StakingState.Issuance(state);
        StakingState.SetIssuance(state, issuance with { Forfeited = checked(issuance.Forfeited + amount) });
    }
}
