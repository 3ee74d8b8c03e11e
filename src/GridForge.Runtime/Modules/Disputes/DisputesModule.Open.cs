using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Disputes;

public sealed partial class DisputesModule
{
    /// <summary>Every check that can refuse runs before anything is reserved; the bond and the hold are then reserved together.</summary>
    private Rejection? Open(TxContext context, OpenDisputeMessage m)
    {
        var state = context.State;
        var reasonBytes = System.Text.Encoding.UTF8.GetByteCount(m.Reason);
        if (string.IsNullOrWhiteSpace(m.Reason) || reasonBytes > Dispute.MaxReasonBytes)
        {
            return new Rejection(DisputesCodes.InvalidReason, $"a dispute needs a reason of 1 to {Dispute.MaxReasonBytes} UTF-8 bytes, not {reasonBytes}");
        }

        if (DisputeSubjects.Resolve(_needs, state, m.Subject, out var facts) is { } unknown) return unknown;
        if (facts.Other(context.Sender) is not { } respondent)
        {
            return new Rejection(DisputesCodes.NotParty, $"{context.Sender} is not a party of {m.Subject} (its parties are {facts.PartyA} and {facts.PartyB})");
        }

        var window = OpenWindowSeconds.Get(state);
        if (facts.Settled && context.Block.Time > checked(facts.SettledAt + window))
        {
            return new Rejection(DisputesCodes.WindowClosed, $"{m.Subject} settled at {facts.SettledAt}; disputes on it closed {window} s later");
        }

        var funds = m.Subject.FundsKey;
        if (DisputesStore.OpenOver(state, funds) is { } open)
        {
            return new Rejection(DisputesCodes.AlreadyDisputed, $"dispute {open} over the funds of {m.Subject} is still open");
        }

        if (m.Claim.IsZero || m.Claim > new Amount(facts.ClaimBound))
        {
            // The claim is written in µWATT (as the bound), not in WATT as Amount prints itself.
            return new Rejection(DisputesCodes.ClaimOutOfBounds,
                $"a claim on {m.Subject} is 1 to {facts.ClaimBound} µWATT (all it could move), not {m.Claim.Micro}");
        }

        var minBond = new Amount((ulong)MinBond.Get(state));
        if (m.Bond < minBond)
        {
            return new Rejection(DisputesCodes.BondTooSmall, $"the bond is {m.Bond} {m.BondToken.Name()}; disputes.min_bond is {minBond}");
        }

        // The dispute record and its events keep µ-units as ulong (their encodings are part of the recorded chain).
        var (bond, claim) = (m.Bond.Micro, m.Claim.Micro);
        if (_needs.Tokens.Reserve(state, context.Sender, m.BondToken, bond) is { } unfunded) return unfunded;
        var held = Math.Min(claim, _needs.Tokens.GetBalance(state, respondent, Token.Watt).Free);
        if (held > 0 && _needs.Tokens.Reserve(state, respondent, Token.Watt, held) is { } refused)
        {
            throw new InvalidOperationException($"a hold within the free balance was refused: {refused}");
        }

        var id = DisputesStore.TakeId(state);
        var deadline = checked(context.Block.Time + RulingWindowSeconds.Get(state));
        var d = new Dispute(id, m.Subject, context.Sender, respondent, m.BondToken, bond, claim, held, m.Reason, context.Block.Time, deadline,
            !facts.Settled, DisputeStatus.Open, 0, 0, []);
        DisputesStore.Set(state, d);
        DisputesStore.SetOpenOver(state, funds, id);
        state.Set(DisputesStore.AccountKey(context.Sender, id), [1]);
        state.Set(DisputesStore.AccountKey(respondent, id), [1]);
        DueList.Insert(state, id, deadline);
        context.Emit(new DisputeOpened(id, m.Subject, context.Sender, respondent, claim, bond, m.BondToken, held, d.AwaitingSettlement, deadline,
            m.Reason));
        return null;
    }
}
