using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Contract periods as dispute subjects (kind <c>contract_period</c>): a PPA's settlement period (its index as the
/// contract's periods list it) between seller and buyer, or a flexibility contract's activated slot between the DSO and the
/// provider. A residential rule has one party; its trades are disputed as trades.</summary>
internal static class ContractSubjects
{
    public static Rejection? Resolve(DisputesNeeds needs, IState state, DisputeSubject subject, out SubjectFacts facts)
    {
        facts = default;
        var c = needs.Contracts.Contract(state, subject.Contract);
        // A negative period or slot names nothing (and no state key: asking for one would overflow).
        switch (c?.DecodeTerms())
        {
            case PpaTerms terms when subject.Period >= 0 && needs.Contracts.PpaPeriod(state, c.Id, subject.Period) is { } period:
                {
                    var (seller, buyer) = needs.Contracts.Parties(c, terms);
                    // Settled: what its terms moved; before: the most they could move on the volume scheduled so far.
                    var bound = period.Settled
                        ? period.TakeOrPay + period.Penalty
                        : Escrow.CeilExact(new Wh(period.Scheduled), terms.Price)
                            + Escrow.CeilExact(new Wh(period.Scheduled), terms.ShortfallPenalty);
                    // Exact, then bounded: no claim can exceed what a 64-bit balance holds.
                    facts = new SubjectFacts(buyer, seller, period.Settled, period.Settled ? needs.Metering.WindowClosesAt(state, new SlotId(period.LastSlot))
                        : 0,
                        (ulong)Int128.Clamp(bound, 0, ulong.MaxValue));
                    return null;
                }

            case FlexibilityTerms when subject.Period >= 0 && needs.Contracts.FlexSlot(state, c.Id, new SlotId(subject.Period)) is { } slot:
                {
                    facts = new SubjectFacts(c.Creator, c.Counterparty, slot.Verified, slot.Verified ? needs.Metering
                        .WindowClosesAt(state, new SlotId(subject.Period)) : 0, slot.Escrow);
                    return null;
                }

            default:
                return new Rejection(DisputesCodes.UnknownContractPeriod, c is null
                    ? $"no contract {subject.Contract} exists"
                    : $"contract {c.Id} ({c.Template.Name()}) has no period {subject.Period} to dispute");
        }
    }
}
