using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Staking;

namespace GridForge.Runtime.Modules.Disputes;

public sealed partial class DisputesModule
{
    /// <summary>Records an arbitrator's ruling; it takes effect when as many arbitrators as the threshold (1 for the DSO)
    /// have submitted the same ruling, counting only members of the council as it is now.</summary>
    private Rejection? Rule(TxContext context, RuleDisputeMessage m)
    {
        var state = context.State;
        var sender = context.Sender;
        if (DisputesStore.Get(state, m.Dispute) is not { } d) return new Rejection(DisputesCodes.UnknownDispute, $"no dispute has id {m.Dispute}");
        if (!d.IsOpen) return new Rejection(DisputesCodes.DisputeClosed,
            $"dispute {d.Id} is closed ({DisputeNames.Name(d.Status)}); its hold was released at {d.Closed}");
        // Past the deadline the default rule decides — unless it failed to, which took the dispute off the due list.
        if (context.Block.Time >= d.Deadline && DueList.Contains(state, d.Id))
        {
            return new Rejection(DisputesCodes.RulingWindowClosed, $"dispute {d.Id}'s deadline {d.Deadline} has come; the default rule decides it");
        }

        var council = DisputesStore.Council(state);
        var arbitrators = council ?? DsoAlone(_needs.Grid.Dso(state));
        if (!arbitrators.Members.Contains(sender))
        {
            var who = council is null ? "the DSO" : $"the {council.Members.Count} council members";
            return new Rejection(DisputesCodes.NotArbitrator, $"{sender} is not an arbitrator; {who} rule on disputes");
        }

        if (sender == d.Opener || sender == d.Respondent)
        {
            return new Rejection(DisputesCodes.PartyCannotRule, $"{sender} is a party to dispute {d.Id} and may not rule on it");
        }

        if (council is not null && !_needs.Staking.HasAccess(state, sender, AccessRoles.Arbitrator))
        {
            return new Rejection(DisputesCodes.AccessBondMissing,
                $"{sender} holds no {AccessRoles.Arbitrator} access bond (staking.{StakingModule.ArbitratorBond.Name})");
        }

        if (m.Ruling.Kind == RulingKind.Uphold && m.Ruling.Amount != 0)
        {
            return new Rejection(DisputesCodes.InvalidRuling, $"an uphold moves nothing to the opener; its amount is 0, not {m.Ruling.Amount}");
        }

        if (m.Ruling.Amount > d.Held)
        {
            return new Rejection(DisputesCodes.OverHeld,
                $"dispute {d.Id} holds {d.Held} µWATT; a correction of {m.Ruling.Amount} would move more than is held");
        }

        if (d.Votes.Any(v => v.Arbitrator == sender)) return new Rejection(DisputesCodes.AlreadyVoted, $"{sender} has already ruled on dispute {d.Id}");

        var voted = d with { Votes = [.. d.Votes, new DisputeVote(sender, m.Ruling)] };
        DisputesStore.Set(state, voted);
        var agreeing = voted.Votes.Count(v => v.Ruling == m.Ruling && arbitrators.Members.Contains(v.Arbitrator));
        context.Emit(new DisputeVoted(d.Id, sender, m.Ruling, agreeing, arbitrators.Threshold));
        if (agreeing < arbitrators.Threshold) return null;

        var closed = Close(context, voted, m.Ruling, m.Ruling.Kind == RulingKind.Uphold ? DisputeStatus.Upheld : DisputeStatus.Corrected);
        context.Emit(new DisputeRuled(d.Id, m.Ruling.Kind, closed.ToOpener, closed.Released, d.Bond, d.BondToken, closed.BondTo!.Value));
        return null;
    }
}
