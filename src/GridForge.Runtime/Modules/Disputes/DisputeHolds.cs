using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The hold of a dispute opened before its subject settled grows when it settles: from what the respondent
/// receives for the subject, up to the claim, and once.</summary>
internal static class DisputeHolds
{
    /// <summary>Settlement calls this once a slot's trades have settled: it records when (the open window counts from it).</summary>
    public static void OnSlotSettled(TxContext context, SlotId slot) => DisputesStore.MarkSettled(context.State, slot, context.Block.Time);

    /// <summary>Settlement calls this after each trade has settled: it tops up an open dispute's hold on the trade.</summary>
    public static void OnTradeSettled(TxContext context, MarketTrade trade, TradeSettlement result)
    {
        var state = context.State;
        if (DisputesStore.OpenOver(state, DisputeSubject.Trade(trade.Slot, trade.Seq).FundsKey) is not { } id) return;
        var dispute = DisputesStore.Get(state, id) ?? throw new InvalidOperationException($"funds are marked disputed by a missing dispute {id}");
        TopUp(context, dispute, TradeSubjects.Received(result, dispute.Respondent));
    }

    /// <summary>The contracts module calls this when a contract period settles (a PPA period's netted payment, a flexibility
    /// slot's payment): an open dispute on it holds what its respondent received, up to the claim.</summary>
    public static void OnContractPeriodSettled(TxContext context, ulong contract, long period, Address payee, ulong paid)
    {
        if (DisputesStore.OpenOver(context.State, DisputeSubject.ContractPeriod(contract, period).FundsKey) is not { } id) return;
        var dispute = DisputesStore.Get(context.State, id) ?? throw new InvalidOperationException($"funds are marked disputed by a missing dispute {id}");
        TopUp(context, dispute, dispute.Respondent == payee ? paid : 0);
    }

    /// <summary>The subject of an open dispute has settled and the respondent received <paramref name="received"/> µWATT for
    /// it: hold more of the respondent's free WATT, never beyond the claim nor beyond what it received.</summary>
    internal static void TopUp(TxContext context, Dispute dispute, ulong received)
    {
        if (!dispute.IsOpen || !dispute.AwaitingSettlement) return;
        var state = context.State;
        var tokens = DisputesModule.NeedsOf(context).Tokens;
        var free = tokens.GetBalance(state, dispute.Respondent, Token.Watt).Free;
        var added = Math.Min(Math.Min(dispute.Claim - dispute.Held, received), free);
        if (added > 0 && tokens.Reserve(state, dispute.Respondent, Token.Watt, added) is { } refused)
        {
            throw new InvalidOperationException($"a hold within the free balance was refused: {refused}");
        }

        var held = checked(dispute.Held + added);
        DisputesStore.Set(state, dispute with { Held = held, AwaitingSettlement = false });
        context.Emit(new DisputeHoldToppedUp(dispute.Id, dispute.Respondent, received, added, held));
    }
}
