using GridForge.Consensus.Evidence;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Slashing on proven equivocation: <c>slash_ppm</c> of every stake in the offender's exposure for the offence's
/// era is burned (active first, then unbonding chunks, latest first), the offender loses its intent and its seat, and
/// it earns nothing for that era.</summary>
public sealed partial class StakingModule
{
    private Rejection? ReportEquivocation(TxContext context, ReportEquivocationMessage m) =>
        m.Evidence is { } evidence
            ? PunishEquivocation(context, evidence)
            : new Rejection(StakingCodes.InvalidEvidence, "the two votes must be one validator's, of one type, height and round, for different values");

    /// <summary>The staking side of evidence, from a block's evidence list or a <c>report_equivocation</c> transaction:
    /// checks it (signatures on this chain, an offence before this block, in an era still kept, by a validator exposed
    /// in that era and not yet slashed for it), then burns <c>slash_ppm</c> of every stake in the offender's exposure,
    /// disables the offender and schedules its removal from the validator set. A refusal changes nothing.</summary>
    public Rejection? PunishEquivocation(TxContext context, DuplicateVoteEvidence evidence)
    {
        var state = context.State;
        var chainId = context.Block.ChainId;
        var offender = evidence.Validator;
        if (evidence.Verify(chainId) is { } invalid)
        {
            return new Rejection(StakingCodes.InvalidEvidence, $"{invalid}");
        }

        if (evidence.Height >= context.Block.Height)
        {
            return new Rejection(StakingCodes.EvidenceFromFuture,
                $"an offence at height {evidence.Height} can be reported from height {evidence.Height + 1} on");
        }

        if (OffenceEra(state, evidence.Height) is not { } era)
        {
            return new Rejection(StakingCodes.EvidenceTooOld,
                $"height {evidence.Height} is before the eras still kept (the last staking.{UnbondingEras.Name} eras)");
        }

        if (StakingState.ExposureOf(state, era, offender) is not { } exposure)
        {
            return new Rejection(StakingCodes.NotExposed, $"{offender} was not an elected, staked validator in era {era}");
        }

        if (StakingState.SlashedIn(state, era, offender))
        {
            return new Rejection(StakingCodes.AlreadySlashed, $"{offender} was already slashed for an offence in era {era}");
        }

        StakingState.SetSlashedIn(state, era, offender);
        StakingState.SetLastOffence(state, offender, evidence.Height);
        var reporter = context.Sender == Address.None ? context.Block.Proposer : context.Sender;
        context.Emit(new OffenceReported(offender, evidence.Height, evidence.Round, evidence.Type, era, reporter));
        var ppm = (ulong)SlashPpm.Get(state);
        Slash(context, offender, offender, exposure.Own, ppm);
        foreach (var n in exposure.Others) Slash(context, offender, n.Nominator, n.Value, ppm);

        // Disabled until it declares intent again; out of the set (from the set-change offset on) unless it is the last
        // validator standing.
        if (StakingState.Validator(state, offender) is not null) ChillAccount(context, offender);
        var set = _needs.Auth.LatestValidators(state);
        if (set.PowerOf(offender) > 0 && set.Count > 1)
        {
            _needs.Auth.ScheduleValidators(state, new ValidatorSet(set.Members.Where(v => v.Address != offender)));
        }

        return null;
    }

    /// <summary>The oldest height whose offences may still be punished: the start of the oldest era kept (the last
    /// <c>unbonding_eras</c> eras). Older evidence is refused (<c>evidence_too_old</c>), and nodes drop it.</summary>
    public static ulong OldestEvidenceHeight(IState state) => StakingState.EraAt(state, StakingState.OldestEra(state))?.StartHeight ?? 1;

    /// <summary>The kept era that contains <paramref name="height"/>, if any.</summary>
    private ulong? OffenceEra(IState state, ulong height)
    {
        var oldest = StakingState.OldestEra(state);
        for (var e = StakingState.Era(state).Index; ; e--)
        {
            if (StakingState.EraAt(state, e) is { } info && info.StartHeight <= height) return e;
            if (e == oldest) return null;
        }
    }

    /// <summary>Burns ppm of <paramref name="exposed"/> from <paramref name="staker"/>'s ledger (never more than it holds).</summary>
    private void Slash(TxContext context, Address offender, Address staker, ulong exposed, ulong ppm)
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
        _needs.Tokens.Unreserve(state, staker, Token.Grid, amount);
        if (_needs.Tokens.Burn(state, staker, Token.Grid, amount) is { } refused) throw new InvalidOperationException(refused.Message);
        var issuance = StakingState.Issuance(state);
        StakingState.SetIssuance(state, issuance with { Slashed = checked(issuance.Slashed + amount) });
        context.Emit(new Slashed(offender, staker, amount));

        // A staker whose active bond is gone, or fell below its role's minimum, stops validating or nominating.
        var active = ledger.Active - fromActive;
        if (staker != offender && active < MinimumFor(state, staker)) ChillAccount(context, staker);
    }
}
