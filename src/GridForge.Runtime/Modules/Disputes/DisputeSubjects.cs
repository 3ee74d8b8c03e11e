using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The one place a subject kind is resolved against the state. A new kind adds one case here, and its settlement
/// calls <see cref="DisputeHolds.TopUp"/> with what the respondent received, as <see cref="DisputeHolds.OnTradeSettled"/> does
/// for trades and <see cref="DisputeHolds.OnContractPeriodSettled"/> for contract periods.</summary>
internal static class DisputeSubjects
{
    public static Rejection? Resolve(DisputesNeeds needs, IState state, DisputeSubject subject, out SubjectFacts facts)
    {
        switch (subject.Kind)
        {
            case DisputeSubjectKind.Trade:
            case DisputeSubjectKind.Settlement:
                return TradeSubjects.Resolve(needs, state, subject, out facts);
            case DisputeSubjectKind.ContractPeriod:
                return ContractSubjects.Resolve(needs, state, subject, out facts);
            default:
                facts = default;
                return new Rejection(DisputesCodes.UnknownSubject,
                    $"a {subject.KindName} cannot be disputed on this chain yet; dispute a trade or a settlement");
        }
    }
}
