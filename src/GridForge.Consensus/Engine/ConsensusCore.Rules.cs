using GridForge.Consensus.Messages;

namespace GridForge.Consensus.Engine;

/// <summary>The upon-rules of Algorithm 1, evaluated after every input until none fires (each firing changes the state
/// in one direction only: a step, a round, a "first time" mark or the decision, so the loop ends).</summary>
public sealed partial class ConsensusCore
{
    private void Evaluate()
    {
        if (_rotation is null) return;
        while (!IsDecided && FireOne())
        {
        }
    }

    private bool FireOne() =>
        TryDecide()
        || TrySkipToRound()
        || TryPrevoteOnProposal()
        || TryScheduleTimeoutPrevote()
        || TryPrecommitOnPolka()
        || TryPrecommitNil()
        || TryScheduleTimeoutPrecommit();

    /// <summary>Lines 49–54: a proposal of some round r and precommits for its value from more than 2/3 of the power:
    /// decide it if it is valid (the host then starts the next height, lines 52–54).</summary>
    private bool TryDecide()
    {
        foreach (var log in _rounds.Values)
        {
            if (log.Proposal is null || log.Value is null) continue;
            var id = log.Proposal.Proposal.ValueId;
            if (!Quorum(log.Precommits.For(id))) continue;
            if (!_validity.TryGetValue(id, out var valid))
            {
                AskValidity(log.Value);
                continue;
            }

            if (!valid) continue;
            var certificate = new CommitCertificate(_height, log.Round, id, log.Precommits.VotesFor(id));
            _decision = new Decision(_height, log.Round, log.Value, log.Proposal, certificate);
            Emit(new Decided(_decision));
            return true;
        }

        return false;
    }

    /// <summary>Lines 55–56: messages of a higher round from more than 1/3 of the power (so at least one honest
    /// validator is there): start that round (the highest such).</summary>
    private bool TrySkipToRound()
    {
        foreach (var log in _rounds.Values.Reverse())
        {
            if (log.Round <= _round) return false;
            if (OneThird(log.SenderPower))
            {
                StartRound(log.Round);
                return true;
            }
        }

        return false;
    }

    /// <summary>Lines 22–27 (a fresh proposal, validRound −1) and 28–33 (a re-proposal whose validRound has prevotes for
    /// the value from more than 2/3 of the power): prevote the value when it is valid and the lock allows, else nil.</summary>
    private bool TryPrevoteOnProposal()
    {
        if (_step != Step.Propose) return false;
        var log = RoundLogFor(_round);
        if (log.Proposal is null) return false;
        var id = log.Proposal.Proposal.ValueId;
        var vr = log.Proposal.Proposal.ValidRound;
        bool lockAllows;
        if (vr == -1)
        {
            lockAllows = _lockedRound == -1 || _lockedValue == id; // 23
        }
        else
        {
            if (vr >= _round) return false;
            var polka = _config.Mutation == CoreMutation.UncheckedValidRound
                || (_rounds.TryGetValue(vr, out var validRoundLog) && Quorum(validRoundLog.Prevotes.For(id)));
            if (!polka) return false; // 28: waits for 2f + 1 prevotes at vr (or the propose timeout)
            lockAllows = _lockedRound <= vr || _lockedValue == id; // 29
        }

        if (!_validity.TryGetValue(id, out var valid)) return false; // valid(v) not answered yet
        if (_config.Mutation == CoreMutation.NoLockRule) lockAllows = true;
        Cast(VoteType.Prevote, valid && lockAllows ? id : null); // 24 / 26, 30 / 32
        _step = Step.Prevote; // 27, 33
        return true;
    }

    /// <summary>Lines 34–35.</summary>
    private bool TryScheduleTimeoutPrevote()
    {
        var log = RoundLogFor(_round);
        if (_step != Step.Prevote || log.PrevoteTimeoutScheduled || !Quorum(log.Prevotes.Any)) return false;
        log.PrevoteTimeoutScheduled = true;
        Schedule(TimeoutKind.Prevote);
        return true;
    }

    /// <summary>Lines 36–43: the round's proposal is valid and more than 2/3 of the power prevoted it. In the prevote
    /// step: lock it and precommit it. In any later step: remember it as the valid value.</summary>
    private bool TryPrecommitOnPolka()
    {
        if (_step < Step.Prevote) return false;
        var log = RoundLogFor(_round);
        if (log.PolkaSeen || log.Proposal is null || log.Value is null) return false;
        var id = log.Proposal.Proposal.ValueId;
        if (!Quorum(log.Prevotes.For(id)) || !_validity.TryGetValue(id, out var valid) || !valid) return false;
        log.PolkaSeen = true;
        // 42-43 before 40 within the one atomic rule, so the durable record of the precommit holds the new valid value.
        (_validValue, _validValueId, _validRound) = (log.Value, id, _round);
        if (_step == Step.Prevote)
        {
            (_lockedValue, _lockedRound) = (id, _round); // 38-39
            Cast(VoteType.Precommit, id); // 40
            _step = Step.Precommit; // 41
        }

        return true;
    }

    /// <summary>Lines 44–46.</summary>
    private bool TryPrecommitNil()
    {
        var log = RoundLogFor(_round);
        if (_step != Step.Prevote || !Quorum(log.Prevotes.Nil)) return false;
        Cast(VoteType.Precommit, null);
        _step = Step.Precommit;
        return true;
    }

    /// <summary>Lines 47–48.</summary>
    private bool TryScheduleTimeoutPrecommit()
    {
        var log = RoundLogFor(_round);
        if (log.PrecommitTimeoutScheduled || !Quorum(log.Precommits.Any)) return false;
        log.PrecommitTimeoutScheduled = true;
        Schedule(TimeoutKind.Precommit);
        return true;
    }
}
