using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Bonds, unbonding, rebonding, withdrawal, and the declarations of validators and nominators.</summary>
public sealed partial class StakingModule
{
    private static Rejection Invalid(string what) => new(RejectionCodes.InvalidAmount, what);

    /// <summary>Reserves <paramref name="amount"/> of the account's free GRID into its active bond.</summary>
    private Rejection? AddBond(IState state, Address account, ulong amount)
    {
        if (_needs.Tokens.Reserve(state, account, Token.Grid, amount) is { } refused) return refused;
        var ledger = StakingState.Ledger(state, account);
        StakingState.SetLedger(state, account, ledger with { Active = checked(ledger.Active + amount) });
        StakingState.SetTotalActive(state, checked(StakingState.TotalActive(state) + amount));
        return null;
    }

    private Rejection? Bond(TxContext context, Amount amount)
    {
        if (amount.IsZero) return Invalid("a bond is a positive amount");
        if (AddBond(context.State, context.Sender, amount.Micro) is { } refused) return refused;
        context.Emit(new Bonded(context.Sender, amount.Micro, StakingState.Ledger(context.State, context.Sender).Active));
        return null;
    }

    /// <summary>The least active bond the account's role needs (0 when it neither validates nor nominates).</summary>
    private ulong MinimumFor(IState state, Address account) =>
        StakingState.Validator(state, account) is not null ? (ulong)MinValidatorBond.Get(state)
        : StakingState.Nominations(state, account) is not null ? (ulong)MinNominatorBond.Get(state)
        : 0;

    private Rejection? Unbond(TxContext context, Amount requested)
    {
        var state = context.State;
        var account = context.Sender;
        if (requested.IsZero) return Invalid("unbond a positive amount");
        var ledger = StakingState.Ledger(state, account);
        var active = new Amount(ledger.Active);
        if (active < requested)
        {
            return new Rejection(StakingCodes.NotBonded, $"{account} has {active} GRID active and cannot unbond {requested}");
        }

        var remaining = active - requested;
        var minimum = new Amount(MinimumFor(state, account));
        if (!remaining.IsZero && remaining < minimum)
        {
            return new Rejection(StakingCodes.BelowMinBond,
                $"{remaining} GRID would stay active, below the {minimum} the account's role needs; unbond all of it or less");
        }

        // The ledger, its chunks and the events keep µGRID as ulong (their encodings are part of the recorded chain).
        var amount = requested.Micro;

        var era = checked(StakingState.Era(state).Index + (ulong)UnbondingEras.Get(state));
        var chunks = ledger.Unlocking.ToList();
        if (chunks.Count > 0 && chunks[^1].Era == era)
        {
            chunks[^1] = chunks[^1] with { Amount = checked(chunks[^1].Amount + amount) };
        }
        else
        {
            var max = MaxUnlockingChunks.Get(state);
            if (chunks.Count >= max) return new Rejection(StakingCodes.TooManyChunks,
                $"{account} already has {chunks.Count} chunks unbonding (staking.{MaxUnlockingChunks.Name} = {max}); withdraw or rebond first");
            chunks.Add(new UnlockChunk(amount, era));
        }

        StakingState.SetLedger(state, account, new StakingLedger(remaining.Micro, chunks));
        StakingState.SetTotalActive(state, StakingState.TotalActive(state) - amount);
        context.Emit(new Unbonded(account, amount, era));
        if (remaining.IsZero && !minimum.IsZero) ChillAccount(context, account);
        return null;
    }

    private Rejection? Rebond(TxContext context, Amount requested)
    {
        var state = context.State;
        var account = context.Sender;
        if (requested.IsZero) return Invalid("rebond a positive amount");
        var ledger = StakingState.Ledger(state, account);
        var unbonding = new Amount(ledger.UnlockingTotal);
        if (unbonding < requested)
        {
            return new Rejection(StakingCodes.NothingToRebond, $"{account} has {unbonding} GRID unbonding and cannot rebond {requested}");
        }

        var amount = requested.Micro;
        var chunks = ledger.Unlocking.ToList();
        var left = amount;
        while (left > 0)
        {
            var last = chunks[^1];
            var take = Math.Min(left, last.Amount);
            if (take == last.Amount) chunks.RemoveAt(chunks.Count - 1);
            else chunks[^1] = last with { Amount = last.Amount - take };
            left -= take;
        }

        StakingState.SetLedger(state, account, new StakingLedger(checked(ledger.Active + amount), chunks));
        StakingState.SetTotalActive(state, checked(StakingState.TotalActive(state) + amount));
        context.Emit(new Rebonded(account, amount));
        return null;
    }

    private Rejection? Withdraw(TxContext context)
    {
        var state = context.State;
        var account = context.Sender;
        var era = StakingState.Era(state).Index;
        var ledger = StakingState.Ledger(state, account);
        var matured = ledger.Unlocking.Where(c => c.Era <= era).Aggregate(0UL, (s, c) => checked(s + c.Amount));
        ulong access = 0;
        foreach (var role in StakingState.AccessRolesOf(state, account))
        {
            if (StakingState.Access(state, role, account) is { UnlockEra: { } unlock } bond && unlock <= era)
            {
                access = checked(access + bond.Amount);
                StakingState.SetAccess(state, role, account, null);
            }
        }

        if (matured == 0 && access == 0)
        {
            return new Rejection(StakingCodes.NothingToWithdraw, $"nothing of {account}'s is withdrawable in era {era}");
        }

        StakingState.SetLedger(state, account, ledger with { Unlocking = [.. ledger.Unlocking.Where(c => c.Era > era)] });
        _needs.Tokens.Unreserve(state, account, Token.Grid, checked(matured + access));
        context.Emit(new Withdrawn(account, checked(matured + access)));
        return null;
    }

    private Rejection? RequireBond(IState state, Address account, ulong minimum, string role)
    {
        var active = StakingState.Ledger(state, account).Active;
        if (active == 0) return new Rejection(StakingCodes.NotBonded, $"{account} has no active bond; bond GRID before it can {role}");
        return active < minimum
            ? new Rejection(StakingCodes.BelowMinBond, $"{account} has {new Amount(active)} GRID active; to {role} it needs {new Amount(minimum)}")
            : null;
    }

    private Rejection? Validate(TxContext context, uint commission)
    {
        var state = context.State;
        var account = context.Sender;
        if (commission > ValidatorPrefs.Billion)
        {
            return new Rejection(StakingCodes.InvalidCommission, $"a commission is 0 to {ValidatorPrefs.Billion} parts per billion (100%), not {commission}");
        }

        if (RequireBond(state, account, (ulong)MinValidatorBond.Get(state), "validate") is { } refused) return refused;
        StakingState.SetNominations(state, account, null);
        StakingState.SetValidator(state, account, new ValidatorPrefs(commission));
        context.Emit(new ValidatorDeclared(account, commission));
        return null;
    }

    private Rejection? Nominate(TxContext context, IReadOnlyList<Address> targets)
    {
        var state = context.State;
        var account = context.Sender;
        var distinct = targets.Distinct().Order().ToList();
        var max = MaxNominations.Get(state);
        if (distinct.Count == 0 || distinct.Count > max)
        {
            return new Rejection(StakingCodes.InvalidTargets,
                $"a nomination names 1 to {max} distinct validators (staking.{MaxNominations.Name}), not {distinct.Count}");
        }

        if (RequireBond(state, account, (ulong)MinNominatorBond.Get(state), "nominate") is { } refused) return refused;
        foreach (var target in distinct)
        {
            if (StakingState.Validator(state, target) is null) return new Rejection(StakingCodes.UnknownValidator,
                $"{target} has not declared intent to validate");
        }

        StakingState.SetValidator(state, account, null);
        StakingState.SetNominations(state, account, distinct);
        context.Emit(new Nominated(account, distinct));
        return null;
    }

    private Rejection? Chill(TxContext context)
    {
        var state = context.State;
        if (StakingState.Validator(state, context.Sender) is null && StakingState.Nominations(state, context.Sender) is null)
        {
            return new Rejection(StakingCodes.NotStaking, $"{context.Sender} neither validates nor nominates");
        }

        ChillAccount(context, context.Sender);
        return null;
    }

    private void ChillAccount(TxContext context, Address account)
    {
        StakingState.SetValidator(context.State, account, null);
        StakingState.SetNominations(context.State, account, null);
        context.Emit(new Chilled(account));
    }
}
