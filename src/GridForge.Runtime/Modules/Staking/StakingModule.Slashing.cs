using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Slashing on proven equivocation: <c>slash_ppm</c> of every stake in the offender's exposure for the offence's
/// era is burned (active first, then unbonding chunks, latest first), the offender loses its intent and its seat, and
/// it earns nothing for that era.</summary>
public sealed partial class StakingModule
{
    private static Rejection? ReportEquivocation(TxContext context, ReportEquivocationMessage m)
    {
        var state = context.State;
        var chainId = context.Block.ChainId;
        if (m.FirstHash == m.SecondHash
            || !PrecommitVote.Verify(m.Validator, chainId, m.Height, m.Round, m.FirstHash, m.FirstSignature)
            || !PrecommitVote.Verify(m.Validator, chainId, m.Height, m.Round, m.SecondHash, m.SecondSignature))
        {
            return new Rejection(StakingCodes.InvalidEvidence,
                $"the evidence must hold {m.Validator}'s precommit signatures for two different blocks at height {m.Height}, round {m.Round} on chain '{chainId}'");
        }

        if (m.Height >= context.Block.Height)
        {
            return new Rejection(StakingCodes.EvidenceFromFuture, $"an offence at height {m.Height} can be reported from height {m.Height + 1} on");
        }

        if (OffenceEra(state, m.Height) is not { } era)
        {
            return new Rejection(StakingCodes.EvidenceTooOld, $"height {m.Height} is before the eras still kept (the last staking.{UnbondingEras.Name} eras)");
        }

        if (StakingState.ExposureOf(state, era, m.Validator) is not { } exposure)
        {
            return new Rejection(StakingCodes.NotExposed, $"{m.Validator} was not an elected, staked validator in era {era}");
        }

        if (StakingState.SlashedIn(state, era, m.Validator))
        {
            return new Rejection(StakingCodes.AlreadySlashed, $"{m.Validator} was already slashed for an offence in era {era}");
        }

        StakingState.SetSlashedIn(state, era, m.Validator);
        StakingState.SetLastOffence(state, m.Validator, m.Height);
        context.Emit(Event.Of(ModuleName, StakingEvents.Offence, ("validator", m.Validator), ("height", m.Height), ("era", era), ("reporter", context.Sender)));
        var ppm = (ulong)Param(state, SlashPpm);
        Slash(context, m.Validator, m.Validator, exposure.Own, ppm);
        foreach (var n in exposure.Others) Slash(context, m.Validator, n.Nominator, n.Value, ppm);

        // Disabled until it declares intent again; out of the set at once unless it is the last validator standing.
        if (StakingState.Validator(state, m.Validator) is not null) ChillAccount(context, m.Validator);
        var set = AuthModule.Validators(state);
        if (set.PowerOf(m.Validator) > 0 && set.Members.Count > 1)
        {
            AuthModule.SetValidators(state, set.Members.Where(v => v.Address != m.Validator));
        }

        return null;
    }

    /// <summary>The kept era that contains <paramref name="height"/>, if any.</summary>
    private static ulong? OffenceEra(IState state, ulong height)
    {
        var oldest = StakingState.OldestEra(state);
        for (var e = StakingState.Era(state).Index; ; e--)
        {
            if (StakingState.EraAt(state, e) is { } info && info.StartHeight <= height) return e;
            if (e == oldest) return null;
        }
    }

    /// <summary>Burns ppm of <paramref name="exposed"/> from <paramref name="staker"/>'s ledger (never more than it holds).</summary>
    private static void Slash(TxContext context, Address offender, Address staker, ulong exposed, ulong ppm)
    {
        var state = context.State;
        var ledger = StakingState.Ledger(state, staker);
        var amount = Math.Min((ulong)((UInt128)exposed * ppm / 1_000_000), ledger.Total);
        if (amount == 0) return;
        var fromActive = Math.Min(amount, ledger.Active);
        var left = amount - fromActive;
        var chunks = ledger.Unlocking.ToList();
        for (var i = chunks.Count - 1; i >= 0 && left > 0; i--)
        {
            var take = Math.Min(left, chunks[i].Amount);
            chunks[i] = chunks[i] with { Amount = chunks[i].Amount - take };
            left -= take;
        }

        StakingState.SetLedger(state, staker, new StakingLedger(ledger.Active - fromActive, [.. chunks.Where(c => c.Amount > 0)]));
        StakingState.SetTotalActive(state, StakingState.TotalActive(state) - fromActive);
        TokensModule.Unreserve(state, staker, Token.Grid, amount);
        if (TokensModule.Burn(state, staker, Token.Grid, amount) is { } refused) throw new InvalidOperationException(refused.Message);
        var issuance = StakingState.Issuance(state);
        StakingState.SetIssuance(state, issuance with { Slashed = checked(issuance.Slashed + amount) });
        context.Emit(Event.Of(ModuleName, StakingEvents.Slashed, ("offender", offender), ("staker", staker), ("amount", amount)));

        // A staker whose active bond is gone, or fell below its role's minimum, stops validating or nominating.
        var active = ledger.Active - fromActive;
        if (staker != offender && active < MinimumFor(state, staker)) ChillAccount(context, staker);
    }
}
