using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Market trades as dispute subjects (kinds <c>trade</c> and <c>settlement</c>): the buyer and the seller are the
/// parties; a claim is bounded by both escrows of the trade, all the money it could ever move between them.</summary>
internal static class TradeSubjects
{
    public static Rejection? Resolve(DisputesNeeds needs, IState state, DisputeSubject subject, out SubjectFacts facts)
    {
        facts = default;
        // A negative slot has no trade (and no state key: asking for one would overflow).
        if (subject.Slot.Index < 0 || needs.Market.Trade(state, subject.Slot, subject.Seq) is not { } trade)
        {
            return new Rejection(DisputesCodes.UnknownTrade, $"slot {subject.Slot.Index} has no trade {subject.Seq}");
        }

        var settled = needs.Settlement.Result(state, subject.Slot, subject.Seq) is not null;
        if (subject.Kind == DisputeSubjectKind.Settlement && !settled)
        {
            return new Rejection(DisputesCodes.NotSettled, $"trade {subject.Slot.Index}:{subject.Seq} has not settled yet; dispute the trade instead");
        }

        // A slot settled before this module recorded the time counts from its metering window's close, the earliest it could.
        var settledAt = settled ? DisputesStore.SettledAt(state, subject.Slot) ?? needs.Metering.WindowClosesAt(state, subject.Slot) : 0;
        facts = new SubjectFacts(trade.Buyer, trade.Seller, settled, settledAt, checked(trade.BuyerEscrow + trade.SellerEscrow));
        return null;
    }

    /// <summary>What <paramref name="party"/>'s free WATT gained from the trade's settlement: for the buyer its released escrow
    /// plus any payment to it (negative prices), for the seller its released escrow plus what it was paid.</summary>
    public static ulong Received(TradeSettlement result, Address party)
    {
        if (party == result.Buyer) return checked(result.BuyerReleased + (result.BuyerPaid < 0 ? (ulong)-result.BuyerPaid : 0));
        return party == result.Seller ? checked(result.SellerReleased + (result.SellerReceived > 0 ? (ulong)result.SellerReceived : 0)) : 0;
    }
}
