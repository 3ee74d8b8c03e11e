using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Settlement's read door: what the API, the dashboard, the CLI and the simulator may read of settlement's state (trade
/// results, certificates, slots awaiting settlement, debts), as typed values. Never called by consensus code; nothing outside the
/// module knows its key layout.</summary>
public static class SettlementQueries
{
    /// <summary>A trade's settlement, or null while its slot has not settled.</summary>
    public static TradeSettlement? Result(IState state, SlotId slot, uint seq) => SettlementStore.Result(state, slot, seq);

    /// <summary>The settlement results of an account's trades, by slot and sequence.</summary>
    public static IReadOnlyList<TradeSettlement> ResultsOf(IScannableState state, Address account) =>
        KeyTail.SlotSeqs(state, KeyTail.Prefix(SettlementStore.OwnerResultPrefix, account))
            .Select(k => SettlementStore.Result(state, k.Slot, k.Seq)!).ToList();

    /// <summary>One certificate, or null when no certificate has that id.</summary>
    public static Certificate? Certificate(IState state, ulong id) => SettlementStore.Certificate(state, id);

    /// <summary>An account's certificates, in id order.</summary>
    public static IReadOnlyList<Certificate> CertificatesOf(IScannableState state, Address owner) =>
        KeyTail.Ids(state, KeyTail.Prefix(SettlementStore.OwnerCertificatePrefix, owner))
            .Select(id => SettlementStore.Certificate(state, id)!).ToList();

    /// <summary>Certificate Wh ever issued and ever retired.</summary>
    public static (long Issued, long Retired) CertificateTotals(IState state) => SettlementStore.Totals(state);

    /// <summary>Closed slots with trades, ascending, that have not settled yet.</summary>
    public static IReadOnlyList<long> Pending(IState state) => SettlementStore.Pending(state);

    /// <summary>Slots whose settlement stalled, ascending.</summary>
    public static IReadOnlyList<long> Stalled(IState state) => SettlementStore.Stalled(state);

    /// <summary>What an account owes, creditor by creditor (<see cref="Address.None"/>: the balancing account).</summary>
    public static IReadOnlyList<DebtEntry> Debts(IState state, Address debtor) => Settlement.Debts.Of(state, debtor);

    /// <summary>What an account owes the balancing account (imbalance penalties).</summary>
    public static ulong DebtToBalancing(IState state, Address debtor) => Settlement.Debts.ToBalancing(state, debtor);
}
